#include "serve/audit_api.h"

#include <mutex>

#include "alignment/run_audit.h"

namespace ida::serve {

void add_audit_endpoint(const RunFolder& folder, Api& api) {
  static std::mutex one_at_a_time;
  api.get("/api/audit", [&folder](const Call& call) {
    const std::string& name = call.param("run");
    alignment::AuditRequest request;
    request.run = folder.resolve(name);
    request.round = call.int_param("round", 0, 1, 1 << 30);
    if (call.params.count("budget") && !call.params.at("budget").empty())
      request.budget = call.int_param("budget", 0, 0, 10000);
    request.questions = call.int_param("questions", 0, 1, 10000);
    std::lock_guard lock(one_at_a_time);
    auto result = alignment::audit(request);
    result.json["checkpoint"] =
        name + "/" + result.checkpoint.filename().string();  // no host paths
    result.json["text"] = result.text;
    return result.json;
  });
}

}  // namespace ida::serve
