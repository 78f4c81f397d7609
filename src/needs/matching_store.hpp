#pragma once
// All SQL of matching (src/needs/matching.cpp chooses the words, scores and gives the reasons):
// the asking side's profile, the other side's word statistics, and its candidates by text and by
// tag, with the details of those that are listed.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "platform/db/database.hpp"

namespace samskap::needs::matching_store {

// The other side: published solutions, active social enterprises, or open needs.
enum class Target { solutions, enterprises, needs };

// The asking side: its texts and tags.
struct Profile {
  std::vector<std::string> titles, bodies;
  std::vector<std::string> service_areas, target_groups, municipalities;
  bool nationwide = false;
};
// A need: title, situation and success criteria, with its tags.
std::optional<Profile> need_profile(db::Connection& c, std::int64_t need_id);
// An organisation with its published solutions: descriptions, titles and the tags of both.
std::optional<Profile> organisation_profile(db::Connection& c, std::int64_t organisation_id);

// Read once per call, for both sides: the names of the asking side's municipalities and their
// counties (scored as places, not as words), and on PostgreSQL the server's identity (the common
// lexemes are kept per server) and the estimated rows of the three tables. One statement.
struct Setting {
  std::vector<std::string> place_names;
  std::string server;
  std::unordered_map<std::string, double> rows;  // table → estimated rows
};
Setting setting(db::Connection& c, const std::vector<std::string>& municipalities);

// The share of the other side's documents that hold each stem: exact on SQLite (fts5vocab, where
// a stem no document holds is absent), from ANALYZE's most common lexemes on PostgreSQL (a stem
// not among them is given `rare`, half the least common listed).
struct Shares {
  std::unordered_map<std::string, double> of;  // stem → share of documents
  double documents = 0;                        // how many documents there are (estimated on PostgreSQL)
  double rare = 0;
};
Shares shares(db::Connection& c, Target target, const Setting& setting, const std::vector<std::string>& stems);

// The best `limit` by the engine's own relevance for a text query in the engine's syntax:
// ts_rank() normalised by length on PostgreSQL, FTS5 bm25() on SQLite (where solutions and
// enterprises come from the index alone, listed or not: the details decide).
void text_candidates(db::Connection& c, Target target, const std::string& match, std::int64_t limit,
                     const std::function<void(std::int64_t id, double relevance)>& each);

// Every row sharing a service area ('s'), a target group ('t') or a municipality ('m', with the
// nationwide ones 'n' when the asking side names places), from the tag indexes alone, listed or not.
void tag_candidates(db::Connection& c, Target target, const Profile& p,
                    const std::function<void(char what, std::int64_t id, std::string_view value)>& each);

// The listed ones (published, active, open) among ids, with what a match shows.
struct Listed {
  std::int64_t id = 0;
  std::string title, summary;
  std::int64_t organisation_id = 0;
  std::string organisation_name;
  std::string search_text;  // the stems the row is indexed by
};
std::vector<Listed> listed(db::Connection& c, Target target, const std::vector<std::int64_t>& ids);

// For ids, the counties they share with the asking side's municipalities.
void shared_counties(db::Connection& c, Target target, const std::vector<std::int64_t>& ids,
                     const std::vector<std::string>& municipalities,
                     const std::function<void(std::int64_t id, std::string_view county)>& each);

}  // namespace samskap::needs::matching_store
