// The question model A in libtorch: fact embedding (token embeddings concatenated, one dense
// layer), transformer encoder layers over the set of facts, and transformer decoder layers
// whose answer queries attend to the facts; a vocabulary softmax per answer token, mixed,
// with model.pointer, with a copy distribution over the facts' tokens.
#include "net/question_net.h"

#include <ATen/autocast_mode.h>
#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

#include "core/error.h"
#include "net/archive.h"
#include "net/bf16.h"
#include "net/fact_attention.h"
#include "net/file_limits.h"
#include "net/written_layers.h"

namespace ida::net {
namespace {

namespace nn = torch::nn;

int token_width(const QuestionNetConfig& c) { return std::max(8, c.width / 4); }

// Questions about the same context, in groups of at most max_slots: group g reads context
// group_context[g]; question i sits in slot slot[i] of the flattened [slots, groups] grid.
struct Grouping {
  std::vector<int64_t> group_context, slot;
  int64_t slots = 0;
};

Grouping group_by_context(const std::vector<int64_t>& context, int64_t max_slots) {
  Grouping grouping;
  std::vector<int64_t> group_of(context.size()), slot_in_group(context.size());
  std::map<int64_t, std::pair<int64_t, int64_t>> filling;  // context -> (group, slots used)
  for (size_t i = 0; i < context.size(); ++i) {
    auto it = filling.find(context[i]);
    if (it == filling.end() || it->second.second == max_slots) {
      grouping.group_context.push_back(context[i]);
      const auto group = static_cast<int64_t>(grouping.group_context.size()) - 1;
      it = filling.insert_or_assign(context[i], std::make_pair(group, int64_t{0})).first;
    }
    group_of[i] = it->second.first;
    slot_in_group[i] = it->second.second++;
    grouping.slots = std::max(grouping.slots, it->second.second);
  }
  const auto groups = static_cast<int64_t>(grouping.group_context.size());
  for (size_t i = 0; i < context.size(); ++i)
    grouping.slot.push_back(slot_in_group[i] * groups + group_of[i]);
  return grouping;
}

struct ModelImpl : nn::Module {
  ModelImpl(const QuestionNetShape& s, const QuestionNetConfig& c) : shape(s) {
    const int d = token_width(c);
    embedding = register_module("embedding", nn::Embedding(s.vocabulary, d));
    fact_in = register_module("fact_in", nn::Linear(s.fact_length * d, c.width));
    question_in = register_module("question_in", nn::Linear(s.question_length * d, c.width));
    // A hidden layer on the question alone: answers depend non-linearly on question tokens
    // (e.g. k mod a cycle length from k's bits) before any fact is read.
    question_hidden = register_module("question_hidden", nn::Linear(c.width, c.feedforward));
    question_out = register_module("question_out", nn::Linear(c.feedforward, c.width));
    previous_in = register_module("previous_in", nn::Linear(d, c.width));
    answer_position =
        register_parameter("answer_position", torch::randn({s.answer_length, 1, c.width}) * 0.1);
    fact_layers = register_module("fact_layers", nn::ModuleList());
    for (int i = 0; i < c.fact_layers; ++i)
      fact_layers->push_back(
          nn::TransformerEncoderLayer(nn::TransformerEncoderLayerOptions(c.width, c.heads)
                                          .dim_feedforward(c.feedforward)
                                          .dropout(0.0)));
    answer_layers = register_module("answer_layers", nn::ModuleList());
    for (int i = 0; i < c.answer_layers; ++i)
      answer_layers->push_back(
          nn::TransformerDecoderLayer(nn::TransformerDecoderLayerOptions(c.width, c.heads)
                                          .dim_feedforward(c.feedforward)
                                          .dropout(0.0)));
    out = register_module("out", nn::Linear(c.width, s.vocabulary));
    // Registered only with the pointer, so that vocabulary-only checkpoints keep their layout.
    if (c.pointer) {
      copy_query = register_module("copy_query", nn::Linear(c.width, c.width));
      copy_fact = register_module("copy_fact", nn::Linear(c.width, c.width));
      copy_token = register_module("copy_token", nn::Linear(d, c.width));
      copy_position = register_parameter("copy_position",
                                         torch::randn({s.fact_length, c.width}) * 0.1);
      copy_gate = register_module("copy_gate", nn::Linear(c.width, 1));
    }
    // Zero at first: the encoder starts as the plain one, and learns which shared places
    // matter. Registered last and only when on, so the other weights and checkpoints are
    // those of the model without it.
    if (c.match_bias)
      match_weight = register_parameter(
          "match_weight", torch::zeros({c.fact_layers, c.heads, s.fact_length, s.fact_length}));
  }

  // facts [C, F, fact_length] int64, padding [C, F] bool -> memory [F, C, width]
  torch::Tensor encode(const torch::Tensor& facts, const torch::Tensor& padding) {
    auto x = fact_in(embedding(facts).flatten(2)).transpose(0, 1);
    if (!match_weight.defined() && !written_out()) {
      for (const auto& layer : *fact_layers)
        x = layer->as<nn::TransformerEncoderLayer>()->forward(x, {}, padding);
      return x;
    }
    const auto places =
        match_weight.defined() ? token_places(facts, shape.vocabulary) : torch::Tensor();
    for (size_t i = 0; i < fact_layers->size(); ++i) {
      const auto bias = places.defined()
                            ? match_bias(places, match_weight[static_cast<int64_t>(i)])
                            : torch::Tensor();
      x = encoder_layer(*fact_layers[i]->as<nn::TransformerEncoderLayer>(), x, bias, padding);
    }
    return x;
  }

  // What every decoder pass over the same questions shares. Questions are decoded in
  // groups: group g holds up to kGroupSlots questions about one context, laid out as one
  // sequence of slots x answer positions, whose self-attention is causal within a slot and
  // closed between slots. A group reads its context's facts once, not once per question
  // (the facts' keys and values are the decoder's largest tensors); each question's logits
  // are those it would get decoded alone. Slots past a group's questions are padding.
  struct Queries {
    torch::Tensor memory;   // [F, G, width]: each group's context
    torch::Tensor padding;  // [G, F]
    torch::Tensor query;    // [S, G, width], zero in padding slots
    torch::Tensor slot;     // [Q]: question i sits in slot slot[i] of the flattened [S, G]
    int64_t groups = 0, slots = 0;
    // With the pointer: each group's fact tokens [G, F*fact_length], their keys [G, F*L,
    // width] (the token, its place in the fact and the fact's encoding), and whether each
    // lies in a padding fact [G, F*L].
    torch::Tensor copy_tokens, copy_keys, copy_blocked;
  };

  // memory [F, C, width], padding [C, F], facts [C, F, fact_length], context [Q] (on the
  // CPU), questions [Q, question_length].
  Queries queries(const torch::Tensor& memory, const torch::Tensor& padding,
                  const torch::Tensor& facts, const std::vector<int64_t>& context,
                  const torch::Tensor& questions) {
    Queries in;
    const Grouping grouping = group_by_context(context, kGroupSlots);
    in.groups = static_cast<int64_t>(grouping.group_context.size());
    in.slots = grouping.slots;
    const auto device = memory.device();
    in.slot = torch::tensor(grouping.slot, torch::kInt64).to(device);
    const auto groups = torch::tensor(grouping.group_context, torch::kInt64).to(device);
    in.memory = memory.index_select(1, groups);
    in.padding = padding.index_select(0, groups);
    auto q = question_in(embedding(questions).flatten(1));  // [Q, width]
    q = q + question_out(torch::relu(question_hidden(q)));
    in.query = torch::zeros({in.slots * in.groups, q.size(1)}, q.options())
                   .index_copy(0, in.slot, q)
                   .view({in.slots, in.groups, q.size(1)});
    if (copy_query) {
      const auto tokens = facts.index_select(0, groups);  // [G, F, L]
      in.copy_tokens = tokens.flatten(1);
      in.copy_keys = (copy_fact(in.memory.transpose(0, 1)).unsqueeze(2) +
                      copy_token(embedding(tokens)) + copy_position)
                         .flatten(1, 2);
      in.copy_blocked = in.padding.unsqueeze(2).expand_as(tokens).flatten(1);
    }
    return in;
  }

  // previous [Q, m] (m <= answer_length): the answer's first m tokens shifted right by one
  // (token 0 first), so that answer token j is predicted from tokens < j (causal
  // self-attention). -> logits [Q, m, vocabulary] of the first m answer positions. The
  // self-attention is causal, so these equal the first m positions of a full-length pass:
  // greedy decoding runs passes of growing m instead of m = answer_length each time.
  torch::Tensor decode(const Queries& in, const torch::Tensor& previous) {
    const int64_t m = previous.size(1), S = in.slots, G = in.groups;
    IDA_CHECK(m >= 1 && m <= shape.answer_length);
    const int64_t width = in.query.size(2);
    auto before = torch::zeros({S * G, m}, previous.options()).index_copy(0, in.slot, previous);
    auto tokens = previous_in(embedding(before.view({S, G, m}).permute({0, 2, 1})));
    auto x =
        (in.query.unsqueeze(1) + answer_position.narrow(0, 0, m).view({1, m, 1, width}) + tokens)
            .reshape({S * m, G, width});  // sequence position s * m + j
    const auto mask = slot_mask(S, m, x.options());
    for (const auto& layer : *answer_layers) {
      auto& decoder = *layer->as<nn::TransformerDecoderLayer>();
      x = written_out() ? decoder_layer(decoder, x, in.memory, mask, in.padding)
                        : decoder.forward(x, in.memory, mask, {}, {}, in.padding);
    }
    return (copy_query ? mix_copy(in, x) : out(x))
        .to(torch::kFloat)  // from bf16 under Bf16Scope
        .view({S, m, G, shape.vocabulary})
        .permute({0, 2, 1, 3})
        .reshape({S * G, m, shape.vocabulary})
        .index_select(0, in.slot);
  }

  // x [S*m, G, width] -> log-probabilities [S*m, G, vocabulary]: gate * vocabulary softmax
  // + (1 - gate) * the copy distribution, whose weight on a token is the attention of the
  // position on the fact tokens that hold it. Log-probabilities are their own logits
  // (log_softmax leaves them as they are), so training and decoding need no other change.
  torch::Tensor mix_copy(const Queries& in, const torch::Tensor& x) {
    const auto scores =
        torch::bmm(copy_query(x).transpose(0, 1), in.copy_keys.transpose(1, 2))  // [G, S*m, K]
            .div(std::sqrt(static_cast<double>(x.size(2))))
            .to(torch::kFloat)
            .masked_fill(in.copy_blocked.unsqueeze(1), -std::numeric_limits<float>::infinity());
    const auto attention = torch::softmax(scores, 2);
    const auto copied =
        torch::zeros({attention.size(0), attention.size(1), shape.vocabulary}, attention.options())
            .scatter_add_(2, in.copy_tokens.unsqueeze(1).expand_as(attention), attention)
            .transpose(0, 1);  // [S*m, G, vocabulary]
    const auto gate = torch::sigmoid(copy_gate(x).to(torch::kFloat));
    const auto vocabulary = torch::softmax(out(x).to(torch::kFloat), 2);
    return (gate * vocabulary + (1 - gate) * copied).clamp_min(1e-12).log();
  }

  // [S*m, S*m]: 0 where position s*m + j may attend to s'*m + j' (s' == s, j' <= j), else
  // -infinity.
  static torch::Tensor slot_mask(int64_t slots, int64_t m, const torch::TensorOptions& options) {
    auto allowed =
        torch::kron(torch::eye(slots), torch::tril(torch::ones({m, m}))).to(torch::kBool);
    return torch::zeros({slots * m, slots * m}, options)
        .masked_fill(allowed.logical_not().to(options.device()),
                     -std::numeric_limits<float>::infinity());
  }

  // Under bf16 autocast (Bf16Scope) the layers run written out (net/written_layers.h):
  // torch's C++ attention masks padded keys of float and double scores only.
  static bool written_out() { return at::autocast::is_cpu_enabled(); }

  static constexpr int64_t kGroupSlots = 16;

  QuestionNetShape shape;
  nn::Embedding embedding{nullptr};
  nn::Linear fact_in{nullptr}, question_in{nullptr}, question_hidden{nullptr},
      question_out{nullptr}, previous_in{nullptr}, out{nullptr};
  nn::Linear copy_query{nullptr}, copy_fact{nullptr}, copy_token{nullptr}, copy_gate{nullptr};
  torch::Tensor answer_position, copy_position, match_weight;
  nn::ModuleList fact_layers{nullptr}, answer_layers{nullptr};
};
TORCH_MODULE(Model);

std::atomic<int64_t> nanoseconds_in_calls{0};

// Adds the lifetime of this object to nanoseconds_in_calls.
class CallTimer {
 public:
  CallTimer() : start_(std::chrono::steady_clock::now()) {}
  ~CallTimer() {
    nanoseconds_in_calls += std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::steady_clock::now() - start_)
                                .count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

std::unique_ptr<torch::optim::Adam> make_optimizer(const Model& model,
                                                   const QuestionOptimConfig& optim) {
  return std::make_unique<torch::optim::Adam>(model->parameters(),
                                              torch::optim::AdamOptions(optim.learning_rate));
}

}  // namespace

struct QuestionNet::Impl {
  torch::Device device{torch::kCPU};
  bool bf16 = false;  // QuestionNetConfig::precision, where it applies
  Model model{nullptr};
  std::unique_ptr<torch::optim::Adam> optimizer;

  torch::Tensor tensor(const std::vector<int64_t>& values, std::vector<int64_t> sizes) const {
    return torch::tensor(values, torch::kInt64).view(sizes).to(device);
  }
  std::pair<torch::Tensor, torch::Tensor> facts(const FactBatch& f, int fact_length) const {
    IDA_CHECK(f.contexts > 0 && f.max_facts > 0);
    IDA_CHECK(f.tokens.size() == static_cast<size_t>(f.contexts) * f.max_facts * fact_length);
    IDA_CHECK(f.padding.size() == static_cast<size_t>(f.contexts) * f.max_facts);
    auto padding = torch::tensor(std::vector<int64_t>(f.padding.begin(), f.padding.end()))
                       .view({f.contexts, f.max_facts})
                       .to(torch::kBool)
                       .to(device);
    return {tensor(f.tokens, {f.contexts, f.max_facts, fact_length}), padding};
  }
};

class QuestionNet::Encoding {
 public:
  torch::Tensor memory;   // [F, C, width]
  torch::Tensor padding;  // [C, F]
  torch::Tensor facts;    // [C, F, fact_length]: the tokens, for the pointer
};

QuestionNet::QuestionNet(QuestionNetShape shape, QuestionNetConfig config,
                         QuestionOptimConfig optim, uint64_t seed)
    : shape_(shape), config_(config), optim_(optim), impl_(std::make_unique<Impl>()) {
  IDA_CHECK(shape.vocabulary > 1 && shape.fact_length > 0 && shape.question_length > 0 &&
            shape.answer_length > 0);
  if (config.width <= 0 || config.heads <= 0 || config.width % config.heads != 0)
    throw InputError("model.width (" + std::to_string(config.width) +
                     ") must be a positive multiple of model.heads (" +
                     std::to_string(config.heads) + ")");
  torch::manual_seed(seed);
  if (torch::cuda::is_available()) impl_->device = torch::Device(torch::kCUDA);
  if (config.precision != "fp32" && config.precision != "bf16")
    throw InputError("model.precision must be fp32 or bf16, not '" + config.precision + "'");
  impl_->bf16 = config.precision == "bf16" && impl_->device.is_cpu() && cpu_has_bf16();
  impl_->model = Model(shape, config);
  impl_->model->to(impl_->device);
  impl_->model->eval();
  impl_->optimizer = make_optimizer(impl_->model, optim);
}

QuestionNet::~QuestionNet() = default;

std::shared_ptr<const QuestionNet::Encoding> QuestionNet::encode(const FactBatch& facts) const {
  CallTimer timer;
  torch::NoGradGuard no_grad;
  Bf16Scope bf16(impl_->bf16);
  auto [tokens, padding] = impl_->facts(facts, shape_.fact_length);
  auto encoding = std::make_shared<Encoding>();
  encoding->memory = impl_->model->encode(tokens, padding);
  encoding->padding = padding;
  encoding->facts = tokens;
  return encoding;
}

std::vector<int64_t> QuestionNet::answer(const Encoding& encoding, const QuestionBatch& questions,
                                         std::vector<float>* confidence) const {
  CallTimer timer;
  const int n = questions.size();
  if (n == 0) return {};
  IDA_CHECK(questions.tokens.size() == static_cast<size_t>(n) * shape_.question_length);
  torch::NoGradGuard no_grad;
  Bf16Scope bf16(impl_->bf16);
  const int64_t length = shape_.answer_length;
  auto question_tokens = impl_->tensor(questions.tokens, {n, shape_.question_length});
  // Greedy decoding, one token at a time: position j sees the tokens chosen before it.
  auto previous = torch::zeros({n, length}, torch::dtype(torch::kInt64).device(impl_->device));
  auto tokens = torch::zeros({n, length}, previous.options());
  auto log_p = torch::zeros({n}, torch::dtype(torch::kFloat).device(impl_->device));
  const auto queries =
      impl_->model->queries(encoding.memory, encoding.padding, encoding.facts, questions.context,
                            question_tokens);
  for (int64_t j = 0; j < length; ++j) {
    auto logits = impl_->model->decode(queries, previous.narrow(1, 0, j + 1));
    auto [best, token] = torch::log_softmax(logits.select(1, j), 1).max(1);
    tokens.select(1, j).copy_(token);
    log_p += best;
    if (j + 1 < length) previous.select(1, j + 1).copy_(token);
  }
  tokens = tokens.to(torch::kCPU).contiguous();
  std::vector<int64_t> answers(tokens.data_ptr<int64_t>(),
                               tokens.data_ptr<int64_t>() + tokens.numel());
  if (confidence) {
    auto p = log_p.exp().to(torch::kCPU).contiguous();
    confidence->assign(p.data_ptr<float>(), p.data_ptr<float>() + n);
  }
  return answers;
}

double QuestionNet::train_step(const FactBatch& facts, const QuestionBatch& questions,
                               const std::vector<int64_t>& targets) {
  CallTimer timer;
  const int n = questions.size();
  IDA_CHECK(n > 0 && targets.size() == static_cast<size_t>(n) * shape_.answer_length);
  auto& model = impl_->model;
  model->train();
  auto [tokens, padding] = impl_->facts(facts, shape_.fact_length);
  std::optional<Bf16Scope> bf16(std::in_place, impl_->bf16);  // ends before the optimiser step
  auto memory = model->encode(tokens, padding);
  auto target = impl_->tensor(targets, {n, shape_.answer_length});
  // Teacher forcing: position j sees the target's tokens before j.
  auto previous = torch::zeros_like(target);
  if (shape_.answer_length > 1)
    previous.narrow(1, 1, shape_.answer_length - 1)
        .copy_(target.narrow(1, 0, shape_.answer_length - 1));
  auto logits =
      model->decode(model->queries(memory, padding, tokens, questions.context,
                                   impl_->tensor(questions.tokens, {n, shape_.question_length})),
                    previous);
  auto loss = torch::nn::functional::cross_entropy(logits.reshape({-1, shape_.vocabulary}),
                                                   target.reshape({-1}));
  bf16.reset();
  impl_->optimizer->zero_grad();
  loss.backward();
  torch::nn::utils::clip_grad_norm_(model->parameters(), optim_.gradient_clip);
  impl_->optimizer->step();
  model->eval();
  return loss.item<double>();
}

void QuestionNet::track(const QuestionNet& online, double decay) {
  CallTimer timer;
  IDA_CHECK(architecture() == online.architecture());
  torch::NoGradGuard no_grad;
  auto mine = impl_->model->parameters();
  auto theirs = online.impl_->model->parameters();
  for (size_t i = 0; i < mine.size(); ++i) mine[i].mul_(decay).add_(theirs[i], 1.0 - decay);
}

std::string QuestionNet::save() const { return save_archive(*impl_->model, *impl_->optimizer); }

void QuestionNet::load(std::string_view bytes, std::string_view origin, bool with_optimizer) {
  // Load into a fresh model and optimiser first: on error this network is unchanged.
  Model model(shape_, config_);
  std::unique_ptr<torch::optim::Adam> optimizer;
  auto refuse = [&](const std::string& why) {
    return InputError(std::string(origin) + ": model weights do not fit " + architecture() + ": " +
                      why);
  };
  try {
    model->to(impl_->device);
    optimizer = make_optimizer(model, optim_);
    load_archive(bytes, *model, with_optimizer ? optimizer.get() : nullptr);
  } catch (const InputError& e) {
    throw refuse(e.what());
  } catch (const c10::Error& e) {
    throw refuse(e.msg().substr(0, 200));
  }
  model->eval();
  impl_->model = model;
  impl_->optimizer = std::move(optimizer);
}

std::unique_ptr<QuestionNet> QuestionNet::clone() const {
  auto copy = std::make_unique<QuestionNet>(shape_, config_, optim_, 0);
  copy->load(save(), "clone");
  return copy;
}

std::string QuestionNet::architecture() const {
  std::ostringstream s;
  s << "question-transformer vocabulary=" << shape_.vocabulary << " fact=" << shape_.fact_length
    << " question=" << shape_.question_length << " answer=" << shape_.answer_length
    << " width=" << config_.width << " heads=" << config_.heads
    << " fact_layers=" << config_.fact_layers << " answer_layers=" << config_.answer_layers
    << " feedforward=" << config_.feedforward;
  if (config_.pointer) s << " decoder=pointer";  // absent: the vocabulary decoder
  if (config_.match_bias) s << " fact_attention=match";  // absent: plain attention
  return s.str();
}

std::unique_ptr<QuestionNet> QuestionNet::from_architecture(std::string_view line) {
  std::istringstream in{std::string(line)};
  std::string word;
  in >> word;
  bool ok = word == "question-transformer";
  std::map<std::string, int> values;
  QuestionNetConfig config;
  while (ok && in >> word) {
    auto eq = word.find('=');
    ok = eq != std::string::npos;
    if (!ok) break;
    if (word.substr(0, eq) == "decoder") {
      ok = !config.pointer && word.substr(eq + 1) == "pointer";
      config.pointer = true;
      continue;
    }
    if (word.substr(0, eq) == "fact_attention") {
      ok = !config.match_bias && word.substr(eq + 1) == "match";
      config.match_bias = true;
      continue;
    }
    try {
      values[word.substr(0, eq)] = std::stoi(word.substr(eq + 1));
    } catch (const std::exception&) {
      ok = false;
    }
  }
  QuestionNetShape shape;
  int* fields[] = {&shape.vocabulary,    &shape.fact_length,    &shape.question_length,
                   &shape.answer_length, &config.width,         &config.heads,
                   &config.fact_layers,  &config.answer_layers, &config.feedforward};
  const char* names[] = {"vocabulary", "fact",        "question",      "answer",     "width",
                         "heads",      "fact_layers", "answer_layers", "feedforward"};
  for (int i = 0; ok && i < 9; ++i) {
    auto it = values.find(names[i]);
    ok = it != values.end() && it->second > 0;
    if (ok) *fields[i] = it->second;
  }
  // Bounded like PolicyValueNet::from_architecture: a damaged file must not make torch
  // allocate without bound, nor hand it a width the heads do not divide.
  ok = ok && values.size() == 9 && shape.vocabulary >= 2 && config.width % config.heads == 0;
  const double w = config.width;
  const double weights =
      double(shape.vocabulary) * w +
      double(shape.fact_length + shape.question_length + shape.answer_length) * w +
      double(config.fact_layers + config.answer_layers) *
          (4.0 * w * w + 2.0 * w * config.feedforward) +
      (config.pointer ? 3.0 * w * w + double(shape.fact_length) * w : 0.0) +
      (config.match_bias ? double(config.fact_layers) * config.heads * shape.fact_length *
                               shape.fact_length
                         : 0.0);
  if (!ok || weights > kMaxFileParameters)
    throw InputError("not a question model architecture (or more than " +
                     std::to_string(static_cast<int64_t>(kMaxFileParameters)) + " weights): '" +
                     std::string(line) + "'");
  return std::make_unique<QuestionNet>(shape, config, QuestionOptimConfig{}, 0);
}

int64_t QuestionNet::parameter_count() const {
  int64_t n = 0;
  for (const auto& p : impl_->model->parameters()) n += p.numel();
  return n;
}

std::string QuestionNet::device() const { return impl_->device.str(); }

double QuestionNet::seconds_in_calls() { return nanoseconds_in_calls.load() * 1e-9; }

}  // namespace ida::net
