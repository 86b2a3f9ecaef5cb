#include "lib/expr/index.h"

#include <atomic>
#include <variant>

namespace hdsc::expr {

// --- JoinIndex ---

bool JoinIndex::Add(const Value& key, uint32_t position) {
  const ValueKind kind = key.kind();
  if (kind != ValueKind::kString && kind != ValueKind::kInt) return false;
  if (kind_ != ValueKind::kNull && kind_ != kind) return false;
  if (kind_ == ValueKind::kNull) {
    kind == ValueKind::kString ? by_string_.reserve(expected_keys_) : by_int_.reserve(expected_keys_);
    links_.reserve(expected_keys_);
  }
  kind_ = kind;
  if (kind == ValueKind::kString) {
    auto [it, is_new] = by_string_.try_emplace(key.string_value(), Chain{kEnd, kEnd});
    // The map keeps a view of the key's text: keep the text alive when the key owns it.
    if (is_new && key.owner() != nullptr) owned_keys_.push_back(key);
    Append(&it->second, is_new, position);
  } else {
    auto [it, is_new] = by_int_.try_emplace(key.int_value(), Chain{kEnd, kEnd});
    Append(&it->second, is_new, position);
  }
  return true;
}

void JoinIndex::Append(Chain* chain, bool is_new, uint32_t position) {
  if (!is_new && links_[chain->last].position == position) return;  // the element lists the key twice
  const auto link = static_cast<uint32_t>(links_.size());
  links_.push_back({position, kEnd});
  if (is_new) {
    chain->first = link;
  } else {
    links_[chain->last].next = link;
  }
  chain->last = link;
}

bool JoinIndex::CanFind(const Value& key) const { return kind_ == ValueKind::kNull || key.kind() == kind_; }

void JoinIndex::Walk(const Chain& chain, std::vector<uint32_t>* positions) const {
  for (uint32_t link = chain.first; link != kEnd; link = links_[link].next) {
    positions->push_back(links_[link].position);
  }
}

void JoinIndex::Find(const Value& key, std::vector<uint32_t>* positions) const {
  if (kind_ == ValueKind::kString) {
    if (auto it = by_string_.find(key.string_value()); it != by_string_.end()) Walk(it->second, positions);
  } else if (kind_ == ValueKind::kInt) {
    if (auto it = by_int_.find(key.int_value()); it != by_int_.end()) Walk(it->second, positions);
  }
}

bool JoinIndex::Contains(const Value& key) const {
  if (kind_ == ValueKind::kString) return by_string_.contains(key.string_value());
  if (kind_ == ValueKind::kInt) return by_int_.contains(key.int_value());
  return false;
}

// --- JoinIndexes ---

JoinIndexes::JoinIndexes() = default;
JoinIndexes::~JoinIndexes() = default;

void JoinIndexes::Clear() { entries_.clear(); }

size_t JoinIndexes::indexed_lists() const {
  size_t count = 0;
  for (const auto& [id, entry] : entries_) {
    if (entry->state == Entry::State::kIndexed) ++count;
  }
  return count;
}

JoinIndexes::Entry* JoinIndexes::Find(uint64_t join_id) {
  auto it = entries_.find(join_id);
  return it == entries_.end() ? nullptr : it->second.get();
}

JoinIndexes::Entry& JoinIndexes::Add(uint64_t join_id) {
  std::unique_ptr<Entry>& entry = entries_[join_id];
  entry = std::make_unique<Entry>();
  return *entry;
}

bool JoinIndexes::AllFixed(const std::vector<std::string>& names) const {
  for (const std::string& name : names) {
    if (!fixed_.contains(name)) return false;
  }
  return true;
}

namespace internal {

uint64_t NewJoinId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

namespace {

const Call* CallOf(const Expr& expr, std::string_view function, size_t args) {
  const auto* call = std::get_if<Call>(&expr.kind);
  if (call == nullptr || call->target != nullptr || call->function != function || call->args.size() != args) {
    return nullptr;
  }
  return call;
}

bool IsIdentNamed(const Expr& expr, const std::string& name) {
  const auto* ident = std::get_if<Ident>(&expr.kind);
  return ident != nullptr && ident->name == name;
}

void KeyTestsDecidingTrue(const Expr& predicate, std::vector<JoinKey>* keys);

// Key tests M such that `predicate` is false whenever M rejects the element: M itself, a conjunct of `&&`, or the
// negation of a test that makes its operand true.
void KeyTestsDecidingFalse(const Expr& predicate, std::vector<JoinKey>* keys) {
  if (const Call* both = CallOf(predicate, "_&&_", 2)) {
    KeyTestsDecidingFalse(*both->args[0], keys);
    KeyTestsDecidingFalse(*both->args[1], keys);
  } else if (const Call* equal = CallOf(predicate, "_==_", 2)) {
    keys->push_back({KeyTest::kEqual, equal->args[0].get(), equal->args[1].get()});
    keys->push_back({KeyTest::kEqual, equal->args[1].get(), equal->args[0].get()});
  } else if (const Call* in = CallOf(predicate, "@in", 2)) {
    keys->push_back({KeyTest::kKeyInProbe, in->args[0].get(), in->args[1].get()});
    keys->push_back({KeyTest::kProbeInKey, in->args[1].get(), in->args[0].get()});
  } else if (const Call* negation = CallOf(predicate, "!_", 1)) {
    KeyTestsDecidingTrue(*negation->args[0], keys);
  }
}

// Key tests M such that `predicate` is true whenever M rejects the element.
void KeyTestsDecidingTrue(const Expr& predicate, std::vector<JoinKey>* keys) {
  if (const Call* either = CallOf(predicate, "_||_", 2)) {
    KeyTestsDecidingTrue(*either->args[0], keys);
    KeyTestsDecidingTrue(*either->args[1], keys);
  } else if (const Call* unequal = CallOf(predicate, "_!=_", 2)) {
    keys->push_back({KeyTest::kEqual, unequal->args[0].get(), unequal->args[1].get()});
    keys->push_back({KeyTest::kEqual, unequal->args[1].get(), unequal->args[0].get()});
  } else if (const Call* negation = CallOf(predicate, "!_", 1)) {
    KeyTestsDecidingFalse(*negation->args[0], keys);
  }
}

}  // namespace

std::vector<JoinKey> JoinKeysOf(const Comprehension& c) {
  std::vector<JoinKey> keys;
  if (!c.iter_var2.empty()) return keys;
  // The loop condition must not stop the loop at an element the key test rejects: the macros' conditions read only
  // the accumulator, which such an element leaves unchanged, and never fail.
  const bool constant_condition = std::holds_alternative<Constant>(c.loop_condition->kind);
  if (!constant_condition && CallOf(*c.loop_condition, "@not_strictly_false", 1) == nullptr) return keys;
  const std::string& accu = c.accu_var;
  if (const Call* step = CallOf(*c.loop_step, "_||_", 2); step && IsIdentNamed(*step->args[0], accu)) {
    KeyTestsDecidingFalse(*step->args[1], &keys);  // exists: accu || false is accu
  } else if (const Call* step = CallOf(*c.loop_step, "_&&_", 2); step && IsIdentNamed(*step->args[0], accu)) {
    KeyTestsDecidingTrue(*step->args[1], &keys);  // all: accu && true is accu
  } else if (const Call* step = CallOf(*c.loop_step, "_?_:_", 3); step && IsIdentNamed(*step->args[2], accu)) {
    KeyTestsDecidingFalse(*step->args[0], &keys);  // exists_one, filter, map(x, p, t): false ? ... : accu
  }
  return keys;
}

namespace {

void Visit(const Expr& expr, std::vector<std::string>& bound, const std::function<bool(const Expr&)>& visit) {
  auto is_bound = [&bound](const std::string& name) {
    for (const std::string& b : bound) {
      if (b == name) return true;
    }
    return false;
  };
  if (const auto* ident = std::get_if<Ident>(&expr.kind)) {
    if (!is_bound(ident->name)) visit(expr);
  } else if (const auto* select = std::get_if<Select>(&expr.kind)) {
    if (visit(expr)) Visit(*select->operand, bound, visit);
  } else if (const auto* call = std::get_if<Call>(&expr.kind)) {
    if (call->target != nullptr) Visit(*call->target, bound, visit);
    for (const ExprPtr& arg : call->args) Visit(*arg, bound, visit);
  } else if (const auto* list = std::get_if<CreateList>(&expr.kind)) {
    for (const ExprPtr& element : list->elements) Visit(*element, bound, visit);
  } else if (const auto* create = std::get_if<CreateStruct>(&expr.kind)) {
    for (const CreateStruct::Entry& entry : create->entries) {
      if (entry.key != nullptr) Visit(*entry.key, bound, visit);
      Visit(*entry.value, bound, visit);
    }
  } else if (const auto* c = std::get_if<Comprehension>(&expr.kind)) {
    Visit(*c->iter_range, bound, visit);
    Visit(*c->accu_init, bound, visit);
    const size_t depth = bound.size();
    bound.push_back(c->accu_var);
    bound.push_back(c->iter_var);
    if (!c->iter_var2.empty()) bound.push_back(c->iter_var2);
    Visit(*c->loop_condition, bound, visit);
    Visit(*c->loop_step, bound, visit);
    bound.resize(depth + 1);  // the result sees the accumulator only
    Visit(*c->result, bound, visit);
    bound.resize(depth);
  }
}

}  // namespace

void VisitFreeReferences(const Expr& expr, const std::function<bool(const Expr&)>& visit) {
  std::vector<std::string> bound;
  Visit(expr, bound, visit);
}

}  // namespace internal
}  // namespace hdsc::expr
