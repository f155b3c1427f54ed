// Run-time selection of a question domain (task) by name: the only list of all tasks.
// Adding a task is one file (a Domain subclass) and one line in kAllDomains below.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "questions/domain.h"
#include "questions/permutation_powering.h"
#include "questions/sequential_assignments.h"
#include "questions/shortest_path.h"
#include "questions/union_find.h"
#include "questions/wildcard_search.h"

namespace ida::questions {

struct DomainEntry {
  std::string_view name;
  std::unique_ptr<Domain> (*make)(const DomainOptions& options);
};

template <class D>
std::unique_ptr<Domain> make_domain_of(const DomainOptions& options) {
  return std::make_unique<D>(options);
}

// Every task, in listing order (the paper's order).
inline constexpr DomainEntry kAllDomains[] = {
    {PermutationPowering::kName, &make_domain_of<PermutationPowering>},
    {SequentialAssignments::kName, &make_domain_of<SequentialAssignments>},
    {UnionFind::kName, &make_domain_of<UnionFind>},
    {WildcardSearch::kName, &make_domain_of<WildcardSearch>},
    {ShortestPath::kName, &make_domain_of<ShortestPath>},
};

// Names of all tasks, in listing order.
inline std::vector<std::string> domain_names() {
  std::vector<std::string> names;
  for (const DomainEntry& d : kAllDomains) names.emplace_back(d.name);
  return names;
}

// The task called `name`; InputError listing the known names for an unknown one (and for
// bad options).
inline std::unique_ptr<Domain> make_domain(std::string_view name,
                                           const DomainOptions& options = {}) {
  for (const DomainEntry& d : kAllDomains)
    if (d.name == name) return d.make(options);
  std::string known;
  for (const std::string& n : domain_names()) known += (known.empty() ? "" : ", ") + n;
  throw InputError("unknown question domain '" + std::string(name) + "' (known: " + known + ")");
}

}  // namespace ida::questions
