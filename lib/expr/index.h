// Joins that stay linear: hash indexes over lists that stay the same across the evaluations sharing an
// activation, so that a rule evaluated once per record looks the related records up instead of scanning them.
//
// A check binds `dossier` once and `record` once per subject; a rule such as
//   dossier.processors.exists(p, p.id in record.processor_ids && p.hosts_health_data)
// scans every processor for every activity: O(activities x processors). With a `JoinIndexes` attached to the
// activation, the planner's join nodes (lib/expr/eval.cc, "Joins") index `dossier.processors` by `p.id` at first
// use and look the candidates up on every later evaluation.
//
// What the planner recognises:
//  - A one-variable comprehension from `exists`, `all`, `exists_one`, `filter` or `map(x, p, t)` over a list L that
//    reads no comprehension variable, whose predicate contains a key test of the element that decides the predicate
//    for every element the test rejects: `K == E`, `E == K`, `K in E` (E a list of keys) or `E in K` (K a list of
//    keys) as a conjunct of `&&` (for `exists`, `exists_one`, `filter`, `map`), or `K != E` or `!(key test)` as a
//    disjunct of `||` (for `all`). K reads the element and otherwise only the fixed variables; E does not read the
//    element. The comprehension then iterates over the matching elements only, in list order.
//  - `E in L` where L reads no comprehension variable.
//
// Semantics are preserved exactly, errors included: an element the key test rejects makes the predicate false (or,
// for `all`, true) without error, since CEL equality between two non-error values never fails, so its step would
// have left the accumulator unchanged; skipping it changes nothing but the number of comprehension steps. Hence the
// one difference: evaluations spend fewer steps, so a step budget runs out later or not at all (building an index
// costs one step per element, charged to the run's `EvaluationBudget`, never to an evaluation's own iteration
// budget). Anything unusual falls back to the scan: no `JoinIndexes` attached, L reads a variable bound after the
// indexes were attached (such as `record`), L fails (evaluated again next time: the failure may come from one
// evaluation's iteration budget), L is not a list, a key is not a string or an int or the keys mix the two,
// a key is an error, or E is an error or of another kind than the keys (`1u` against int keys, where CEL's numeric
// equality applies).
#ifndef HDSC_LIB_EXPR_INDEX_H_
#define HDSC_LIB_EXPR_INDEX_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "lib/expr/ast.h"
#include "lib/expr/value.h"

namespace hdsc::expr {

// The positions of a list's elements by key. Keys are all strings or all ints.
class JoinIndex {
 public:
  // Adds `key` for the element at `position`. Positions come in increasing order; the same position may come with
  // several keys (a list of keys per element), and twice with one key (listed twice), which counts once. Returns
  // false, leaving the index unusable, if `key` is neither a string nor an int or is not of the earlier keys' kind.
  bool Add(const Value& key, uint32_t position);
  // Makes room for about `keys` keys, when their number is known before the first `Add` (growing the table key by
  // key rehashes it again and again).
  void Reserve(size_t keys) { expected_keys_ = keys; }
  // Whether `Find` answers for `key` as CEL equality would: the index is empty, or `key` is of its keys' kind.
  bool CanFind(const Value& key) const;
  // Appends the positions whose key equals `key`, in increasing order. Precondition: `CanFind(key)`.
  void Find(const Value& key, std::vector<uint32_t>* positions) const;
  bool Contains(const Value& key) const;

 private:
  struct Chain {
    uint32_t first;
    uint32_t last;
  };
  struct Link {
    uint32_t position;
    uint32_t next;
  };
  static constexpr uint32_t kEnd = UINT32_MAX;

  void Append(Chain* chain, bool is_new, uint32_t position);
  void Walk(const Chain& chain, std::vector<uint32_t>* positions) const;

  ValueKind kind_ = ValueKind::kNull;  // kNull while empty
  size_t expected_keys_ = 0;
  absl::flat_hash_map<std::string_view, Chain> by_string_;
  absl::flat_hash_map<int64_t, Chain> by_int_;
  std::vector<Link> links_;
  // Keys that own their text (computed strings); borrowed ones live as long as the indexed messages.
  std::vector<Value> owned_keys_;
};

// The join indexes of one run of evaluations: built at first use, reused by every later evaluation with the
// activation they are attached to (`Activation::set_join_indexes`).
//
// The variables bound when the indexes are attached are taken as fixed; a list reached from fixed variables only is
// indexed once. Binding one of them again drops every index. Bound messages must not change while the indexes are
// attached (they are borrowed, as everywhere in the activation). Like an `EvaluationBudget`, the indexes belong to
// one thread: an activation with indexes serves one evaluation at a time.
class JoinIndexes {
 public:
  JoinIndexes();
  ~JoinIndexes();
  JoinIndexes(const JoinIndexes&) = delete;
  JoinIndexes& operator=(const JoinIndexes&) = delete;

  // Drops every index built so far.
  void Clear();
  // The number of lists with an index.
  size_t indexed_lists() const;

  // For the evaluator's join nodes: the state of one join (one node of one plan) in this run.
  struct Entry {
    enum class State {
      kVarying,  // the list reads a variable that is not fixed: evaluate and scan it every time
      kScan,     // the list, evaluated once, cannot be indexed: scan it
      kIndexed,
    };
    State state = State::kVarying;
    Value list;  // the list's value (or its error), for kScan and kIndexed
    JoinIndex index;
  };
  // The entry of the join node numbered `join_id` (see `NewJoinId`), or null before its first use.
  Entry* Find(uint64_t join_id);
  Entry& Add(uint64_t join_id);
  // Whether every name of `names` was bound when the indexes were attached.
  bool AllFixed(const std::vector<std::string>& names) const;

 private:
  friend class Activation;

  absl::flat_hash_set<std::string> fixed_;
  absl::flat_hash_map<uint64_t, std::unique_ptr<Entry>> entries_;
};

namespace internal {

// A number no other join node of the process has, so that indexes of destroyed plans are never reused.
uint64_t NewJoinId();

// How a key test compares the element's key K with the probe E.
enum class KeyTest {
  kEqual,       // K == E (or E == K, or K != E under `all`)
  kKeyInProbe,  // K in E: E is a list of keys
  kProbeInKey,  // E in K: K is the element's list of keys
};

// A key test found in a comprehension's predicate.
struct JoinKey {
  KeyTest test;
  const Expr* key;    // K: reads the element
  const Expr* probe;  // E: must not read the element
};

// The key tests of `comprehension`'s predicate that decide its step for the elements they reject, in source order;
// empty unless the comprehension has the shape of one of the macros of the file comment.
std::vector<JoinKey> JoinKeysOf(const Comprehension& comprehension);

// Calls `visit` for each identifier and selection of `expr` that is not inside a comprehension binding its root
// name, outermost first; a selection's operand is visited only if `visit` returns true for the selection. Identifiers
// bound by comprehensions inside `expr` are skipped.
void VisitFreeReferences(const Expr& expr, const std::function<bool(const Expr&)>& visit);

}  // namespace internal
}  // namespace hdsc::expr

#endif  // HDSC_LIB_EXPR_INDEX_H_
