// Token tuples, vocabularies and the text form of tuples (see tokens.h).
#include "questions/tokens.h"

#include <charconv>
#include <utility>

#include "core/error.h"

namespace ida::questions {

TokenTuple::TokenTuple(int length) : length_(length) {
  IDA_CHECK(length >= 0 && length <= kMaxTupleLength);
}

bool TokenTuple::is_unknown() const {
  for (Token t : *this)
    if (t != kUnknown) return false;
  return true;
}

size_t TokenTupleHash::operator()(const TokenTuple& t) const {
  uint64_t h = 0xcbf29ce484222325ULL ^ static_cast<uint64_t>(t.length());
  for (Token x : t) h = (h ^ static_cast<uint16_t>(x)) * 0x100000001b3ULL;
  return static_cast<size_t>(h);
}

// --- Vocabulary

Vocabulary::Vocabulary() { add("?"); }

Token Vocabulary::add(std::string name) {
  IDA_CHECK(!name.empty() && name.find_first_of(" \t\r\n") == std::string::npos);
  IDA_CHECK(!tokens_.contains(name));
  IDA_CHECK(names_.size() < 32767);
  const Token t = static_cast<Token>(names_.size());
  tokens_.emplace(name, t);
  names_.push_back(std::move(name));
  return t;
}

Token Vocabulary::add_numbers(int lo, int hi) {
  IDA_CHECK(lo <= hi);
  const Token first = add(std::to_string(lo));
  for (int v = lo + 1; v <= hi; ++v) add(std::to_string(v));
  return first;
}

Token Vocabulary::add_chars(std::string_view chars) {
  IDA_CHECK(!chars.empty());
  const Token first = add(std::string(1, chars[0]));
  for (char c : chars.substr(1)) add(std::string(1, c));
  return first;
}

const std::string& Vocabulary::name(Token t) const {
  IDA_CHECK(t >= 0 && t < size());
  return names_[t];
}

std::optional<Token> Vocabulary::find(std::string_view name) const {
  auto it = tokens_.find(std::string(name));
  if (it == tokens_.end()) return std::nullopt;
  return it->second;
}

// --- Elements and numbers

void ElementNames::put(TokenTuple& t, int pos, int element) const {
  IDA_CHECK(element >= 0 && element < count() && pos + kNameLength <= t.length());
  t[pos] = static_cast<Token>(first_letter + element / letters);
  t[pos + 1] = static_cast<Token>(first_letter + element % letters);
}

std::optional<int> ElementNames::get(const TokenTuple& t, int pos) const {
  if (pos + kNameLength > t.length()) return std::nullopt;
  const int hi = t[pos] - first_letter;
  const int lo = t[pos + 1] - first_letter;
  if (hi < 0 || hi >= letters || lo < 0 || lo >= letters) return std::nullopt;
  return hi * letters + lo;
}

std::string ElementNames::text(int element) const {
  IDA_CHECK(element >= 0 && element < count());
  return {static_cast<char>('a' + element / letters), static_cast<char>('a' + element % letters)};
}

Token NumberTokens::token(int value) const {
  IDA_CHECK(value >= lo && value <= hi);
  return static_cast<Token>(first + (value - lo));
}

std::optional<int> NumberTokens::get(Token t) const {
  const int v = lo + (t - first);
  if (t < first || v > hi) return std::nullopt;
  return v;
}

// --- Fields

namespace {

std::optional<int> parse_int(std::string_view word) {
  int v = 0;
  const char* end = word.data() + word.size();
  auto [p, ec] = std::from_chars(word.data(), end, v);
  if (ec != std::errc() || p != end || word.empty()) return std::nullopt;
  if (std::to_string(v) != word) return std::nullopt;  // canonical spelling only
  return v;
}

std::string quoted(std::string_view word) { return "'" + std::string(word) + "'"; }

}  // namespace

Field Field::keyword(const Vocabulary& vocabulary, Token token) {
  Field f;
  f.type_ = Type::kKeyword;
  f.first_ = token;
  f.text_ = vocabulary.name(token);
  return f;
}

Field Field::element(const ElementNames& names) {
  Field f;
  f.type_ = Type::kElement;
  f.first_ = names.first_letter;
  f.lo_ = names.letters;
  f.width_ = kNameLength;
  return f;
}

Field Field::number(const NumberTokens& numbers) {
  Field f;
  f.type_ = Type::kNumber;
  f.first_ = numbers.first;
  f.lo_ = numbers.lo;
  f.hi_ = numbers.hi;
  return f;
}

Field Field::bits(Token zero, int bits) {
  IDA_CHECK(bits >= 1 && bits <= 30);
  Field f;
  f.type_ = Type::kBits;
  f.first_ = zero;
  f.width_ = bits;
  return f;
}

Field Field::chars(Token first, std::string alphabet, int length) {
  Field f;
  f.type_ = Type::kChars;
  f.first_ = first;
  f.text_ = std::move(alphabet);
  f.width_ = length;
  return f;
}

std::string Field::describe() const {
  switch (type_) {
    case Type::kKeyword:
      return text_;
    case Type::kElement:
      return "<element>";
    case Type::kNumber:
      return "<" + std::to_string(lo_) + ".." + std::to_string(hi_) + ">";
    case Type::kBits:
      return "<0.." + std::to_string((1 << width_) - 1) + ">";
    case Type::kChars:
      return "<" + std::to_string(width_) + " of " + text_ + ">";
  }
  return "";
}

std::string Field::parse(std::string_view word, TokenTuple& out, int pos) const {
  switch (type_) {
    case Type::kKeyword:
      if (word != text_) return quoted(word) + " is not '" + text_ + "'";
      out[pos] = first_;
      return "";
    case Type::kElement: {
      std::string why = quoted(word) + " is not an element name (" + std::to_string(kNameLength) +
                        " letters from a-" + std::string(1, static_cast<char>('a' + lo_ - 1)) + ")";
      if (static_cast<int>(word.size()) != kNameLength) return why;
      for (int i = 0; i < kNameLength; ++i) {
        const int letter = word[i] - 'a';
        if (letter < 0 || letter >= lo_) return why;
        out[pos + i] = static_cast<Token>(first_ + letter);
      }
      return "";
    }
    case Type::kNumber: {
      const std::optional<int> v = parse_int(word);
      if (!v || *v < lo_ || *v > hi_) return quoted(word) + " is not a number in " + describe();
      out[pos] = static_cast<Token>(first_ + (*v - lo_));
      return "";
    }
    case Type::kBits: {
      const std::optional<int> v = parse_int(word);
      if (!v || *v < 0 || *v >= (1 << width_))
        return quoted(word) + " is not a number in " + describe();
      for (int i = 0; i < width_; ++i)
        out[pos + i] = static_cast<Token>(first_ + ((*v >> (width_ - 1 - i)) & 1));
      return "";
    }
    case Type::kChars: {
      std::string why = quoted(word) + " is not " + describe();
      if (static_cast<int>(word.size()) != width_) return why;
      for (int i = 0; i < width_; ++i) {
        const size_t c = text_.find(word[i]);
        if (c == std::string::npos) return why;
        out[pos + i] = static_cast<Token>(first_ + c);
      }
      return "";
    }
  }
  return "unreachable";
}

std::optional<std::string> Field::format(const TokenTuple& t, int pos) const {
  if (pos + width_ > t.length()) return std::nullopt;
  switch (type_) {
    case Type::kKeyword:
      if (t[pos] != first_) return std::nullopt;
      return text_;
    case Type::kElement: {
      std::string word;
      for (int i = 0; i < kNameLength; ++i) {
        const int letter = t[pos + i] - first_;
        if (letter < 0 || letter >= lo_) return std::nullopt;
        word += static_cast<char>('a' + letter);
      }
      return word;
    }
    case Type::kNumber: {
      const int v = lo_ + (t[pos] - first_);
      if (t[pos] < first_ || v > hi_) return std::nullopt;
      return std::to_string(v);
    }
    case Type::kBits: {
      int v = 0;
      for (int i = 0; i < width_; ++i) {
        const int bit = t[pos + i] - first_;
        if (bit != 0 && bit != 1) return std::nullopt;
        v = 2 * v + bit;
      }
      return std::to_string(v);
    }
    case Type::kChars: {
      std::string word;
      for (int i = 0; i < width_; ++i) {
        const int c = t[pos + i] - first_;
        if (c < 0 || c >= static_cast<int>(text_.size())) return std::nullopt;
        word += text_[c];
      }
      return word;
    }
  }
  return std::nullopt;
}

void Field::sample(TokenTuple& out, int pos, Rng& rng) const {
  auto below = [&](int n) { return static_cast<Token>(rng() % static_cast<uint64_t>(n)); };
  switch (type_) {
    case Type::kKeyword:
      out[pos] = first_;
      return;
    case Type::kElement:
      for (int i = 0; i < kNameLength; ++i) out[pos + i] = static_cast<Token>(first_ + below(lo_));
      return;
    case Type::kNumber:
      out[pos] = static_cast<Token>(first_ + below(hi_ - lo_ + 1));
      return;
    case Type::kBits:
      for (int i = 0; i < width_; ++i) out[pos + i] = static_cast<Token>(first_ + below(2));
      return;
    case Type::kChars:
      for (int i = 0; i < width_; ++i)
        out[pos + i] = static_cast<Token>(first_ + below(static_cast<int>(text_.size())));
      return;
  }
}

// --- Tuple formats

TupleFormat::TupleFormat(std::string what, int length) : what_(std::move(what)), length_(length) {
  IDA_CHECK(length >= 1 && length <= kMaxTupleLength);
}

int TupleFormat::add_shape(std::vector<Field> fields) {
  int width = 0;
  for (const Field& f : fields) width += f.width();
  IDA_CHECK(width <= length_);
  shapes_.push_back(std::move(fields));
  return static_cast<int>(shapes_.size()) - 1;
}

TokenTuple TupleFormat::sample(int shape, Rng& rng) const {
  IDA_CHECK(shape >= 0 && shape < shapes());
  TokenTuple t(length_);
  int pos = 0;
  for (const Field& f : shapes_[shape]) {
    f.sample(t, pos, rng);
    pos += f.width();
  }
  return t;
}

int TupleFormat::shape_of(const TokenTuple& t) const {
  if (t.length() != length_) return -1;
  for (size_t s = 0; s < shapes_.size(); ++s) {
    int pos = 0;
    bool fits = true;
    for (const Field& f : shapes_[s]) {
      if (!f.format(t, pos)) {
        fits = false;
        break;
      }
      pos += f.width();
    }
    for (int i = pos; fits && i < length_; ++i) fits = t[i] == kUnknown;
    if (fits) return static_cast<int>(s);
  }
  return -1;
}

std::string TupleFormat::format(const TokenTuple& t) const {
  const int s = shape_of(t);
  IDA_CHECK(s >= 0);
  if (shapes_[s].empty()) return "?";
  std::string text;
  int pos = 0;
  for (const Field& f : shapes_[s]) {
    if (!text.empty()) text += ' ';
    text += *f.format(t, pos);
    pos += f.width();
  }
  return text;
}

TokenTuple TupleFormat::parse(std::string_view text) const {
  std::vector<std::string_view> words;
  for (size_t i = 0; i < text.size();) {
    const size_t start = text.find_first_not_of(" \t\r\n", i);
    if (start == std::string_view::npos) break;
    const size_t end = std::min(text.find_first_of(" \t\r\n", start), text.size());
    words.push_back(text.substr(start, end - start));
    i = end;
  }
  if (words.size() == 1 && words[0] == "?") {
    for (const std::vector<Field>& shape : shapes_)
      if (shape.empty()) words.clear();
  }
  // Try every shape; report the problem of the one that got furthest.
  std::string why = "expected " + usage();
  int best = -1;
  for (const std::vector<Field>& shape : shapes_) {
    if (shape.size() != words.size()) continue;
    TokenTuple t(length_);
    int pos = 0;
    size_t i = 0;
    std::string problem;
    for (; i < shape.size(); ++i) {
      problem = shape[i].parse(words[i], t, pos);
      if (!problem.empty()) break;
      pos += shape[i].width();
    }
    if (i == shape.size()) return t;
    if (static_cast<int>(i) > best) {
      best = static_cast<int>(i);
      why = problem + "; expected " + usage();
    }
  }
  if (words.empty() && best < 0) why = "it is empty; expected " + usage();
  throw InputError("bad " + what_ + " '" + std::string(text) + "': " + why);
}

std::string TupleFormat::usage() const {
  std::string text;
  for (const std::vector<Field>& shape : shapes_) {
    if (!text.empty()) text += " | ";
    if (shape.empty()) text += "?";
    for (size_t i = 0; i < shape.size(); ++i) text += (i ? " " : "") + shape[i].describe();
  }
  return text;
}

}  // namespace ida::questions
