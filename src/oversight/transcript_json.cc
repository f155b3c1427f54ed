#include "oversight/transcript_json.h"

#include <sstream>

#include "core/json.h"

namespace ida::oversight {

std::string transcript_json(const engine::RunStore::TranscriptRecord& record) {
  Json facts = Json::array();
  std::istringstream lines(record.context);
  for (std::string fact; std::getline(lines, fact);)
    if (!fact.empty()) facts.push(fact);
  Json exchanges = Json::array();
  for (const auto& e : record.exchanges) {
    Json x = Json::object();
    x["question"] = e.question;
    x["answer"] = e.answer;
    x["source"] = e.source;
    exchanges.push(std::move(x));
  }
  Json j = Json::object();
  j["schema"] = kTranscriptSchema;
  j["id"] = record.id;
  j["task"] = record.task;
  j["overseer"] = record.overseer;
  j["user"] = record.user;
  j["context"] = std::move(facts);
  j["question"] = record.question;
  j["exchanges"] = std::move(exchanges);
  j["answer"] = record.answer;
  j["seconds"] = record.seconds;
  j["finished_at"] = record.finished_at;
  return j.dump();
}

}  // namespace ida::oversight
