// Tokens of the question instance: fixed-length token tuples (facts, questions, answers), a
// task's vocabulary, element names, and the text form of tuples used by the command line.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/rng.h"

namespace ida::questions {

using Token = int16_t;
inline constexpr Token kUnknown = 0;        // "don't know" and padding; written "?"
inline constexpr int kMaxTupleLength = 12;  // longest fact/question/answer of any task
inline constexpr int kNameLength = 2;       // tokens per element name (the paper: 2)

// A fixed-length tuple of tokens (a fact, a question or an answer). Each task fixes the
// length of each; positions past the meaningful ones hold kUnknown.
class TokenTuple {
 public:
  TokenTuple() = default;
  explicit TokenTuple(int length);  // all kUnknown
  int length() const { return length_; }
  Token operator[](int i) const { return tokens_[i]; }
  Token& operator[](int i) { return tokens_[i]; }
  const Token* begin() const { return tokens_.data(); }
  const Token* end() const { return tokens_.data() + length_; }
  bool is_unknown() const;  // every token is kUnknown: the answer "don't know"
  friend bool operator==(const TokenTuple&, const TokenTuple&) = default;
  friend auto operator<=>(const TokenTuple&, const TokenTuple&) = default;

 private:
  std::array<Token, kMaxTupleLength> tokens_{};
  int length_ = 0;
};

using Fact = TokenTuple;
using Question = TokenTuple;
using Answer = TokenTuple;

struct TokenTupleHash {
  size_t operator()(const TokenTuple& t) const;
};

// A task's tokens and their names. Token 0 is kUnknown, named "?". Names are unique and
// contain no whitespace; ranges added together get consecutive tokens.
class Vocabulary {
 public:
  Vocabulary();
  Token add(std::string name);
  Token add_numbers(int lo, int hi);        // tokens named "lo".."hi"; returns token of lo
  Token add_chars(std::string_view chars);  // one token per char; returns the first
  int size() const { return static_cast<int>(names_.size()); }
  const std::string& name(Token t) const;  // t must be < size()
  std::optional<Token> find(std::string_view name) const;

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, Token> tokens_;
};

// Element names: kNameLength letters from the first `letters` of a..z, so letters^2
// elements. Element e is written with letters (e / letters, e % letters): the order of
// elements is the alphabetical order of their names.
struct ElementNames {
  Token first_letter = kUnknown;  // token of 'a'; the letters are consecutive tokens
  int letters = 0;
  int count() const { return letters * letters; }
  void put(TokenTuple& t, int pos, int element) const;
  std::optional<int> get(const TokenTuple& t, int pos) const;  // nullopt: not a name
  std::string text(int element) const;
};

// Numbers lo..hi as consecutive tokens (see Vocabulary::add_numbers).
struct NumberTokens {
  Token first = kUnknown;  // token of lo
  int lo = 0;
  int hi = -1;
  Token token(int value) const;           // value must be in lo..hi
  std::optional<int> get(Token t) const;  // nullopt: not one of these numbers
};

// One word of a tuple's text, covering one or more tokens.
class Field {
 public:
  static Field keyword(const Vocabulary& vocabulary, Token token);  // the token's name
  static Field element(const ElementNames& names);                  // e.g. "ab"
  static Field number(const NumberTokens& numbers);                 // e.g. "-3"
  static Field bits(Token zero, int bits);  // a number 0..2^bits-1 written in decimal, as
                                            // bit tokens (zero, zero+1), most significant first
  static Field chars(Token first, std::string alphabet, int length);  // e.g. "ab*b*a"

  int width() const { return width_; }
  std::string describe() const;  // e.g. "<element>", "<0..12>", "edge"
  // Writes the tokens of `word` at out[pos..]; returns "" or why the word does not fit.
  std::string parse(std::string_view word, TokenTuple& out, int pos) const;
  // The word for t[pos..pos+width), or nullopt if those tokens do not fit this field.
  std::optional<std::string> format(const TokenTuple& t, int pos) const;
  // Writes a uniformly random value of this field at out[pos..] (a keyword: itself).
  void sample(TokenTuple& out, int pos, Rng& rng) const;

 private:
  enum class Type { kKeyword, kElement, kNumber, kBits, kChars };
  Type type_ = Type::kKeyword;
  Token first_ = kUnknown;  // keyword: its token; others: the first token of the range
  int lo_ = 0;              // number: lowest value; element: letters
  int hi_ = 0;              // number: highest value
  int width_ = 1;
  std::string text_;  // keyword: its name; chars: the alphabet
};

// The text forms of one kind of tuple of a task (e.g. its questions): a list of shapes, each
// a sequence of fields written as words separated by single spaces; tokens after the shape's
// fields are kUnknown. The shape with no field is the all-kUnknown tuple, written "?".
class TupleFormat {
 public:
  TupleFormat() = default;
  TupleFormat(std::string what, int length);  // what: e.g. "union_find question"
  int add_shape(std::vector<Field> fields);   // returns the shape's index
  int length() const { return length_; }
  // Index of the first shape the tuple fits, or -1 (wrong length or tokens).
  int shape_of(const TokenTuple& t) const;
  std::string format(const TokenTuple& t) const;  // t must fit a shape
  // The tuple written `text`; InputError naming the problem and the expected shapes.
  TokenTuple parse(std::string_view text) const;
  std::string usage() const;  // the shapes, e.g. "distance <element> <element> | ..."
  int shapes() const { return static_cast<int>(shapes_.size()); }
  // A tuple of shape `shape` (0 <= shape < shapes()) with uniformly random field values.
  TokenTuple sample(int shape, Rng& rng) const;

 private:
  std::string what_;
  int length_ = 0;
  std::vector<std::vector<Field>> shapes_;
};

}  // namespace ida::questions
