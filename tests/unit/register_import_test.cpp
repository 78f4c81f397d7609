// The register import: CSV header mapping, then whole imports of the sample files in
// tests/data/brreg (JSON, gzipped JSON, an older and a newer CSV column set, each with broken
// rows), re-runs, refusals, the name search and the JSON routes; on SQLite and, when
// SAMSKAP_PG_URL_FILE names a server, on PostgreSQL.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "directory/orgnr.hpp"
#include "directory/register/import.hpp"
#include "directory/register/routes.hpp"
#include "directory/register/store.hpp"
#include "platform/core/config.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrate.hpp"
#include "platform/mail/mailer.hpp"
#include "platform/render/i18n.hpp"
#include "platform/render/template.hpp"
#include "platform/web/app.hpp"

namespace {

namespace fs = std::filesystem;
using namespace samskap;
using namespace samskap::directory::registry;
using nlohmann::json;

fs::path source_dir() {
#ifdef SAMSKAP_SOURCE_DIR
  return SAMSKAP_SOURCE_DIR;
#else
  return fs::current_path();
#endif
}
fs::path samples() { return source_dir() / "tests" / "data" / "brreg"; }

std::string random_hex() {
  std::random_device rd;
  std::uniform_int_distribution<unsigned long long> dist;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", dist(rd));
  return buf;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& p, std::string_view text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

void gzip_file(const fs::path& from, const fs::path& to) {
  const std::string data = read_file(from);
  gzFile out = gzopen(to.string().c_str(), "wb6");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(gzwrite(out, data.data(), static_cast<unsigned>(data.size())), static_cast<int>(data.size()));
  ASSERT_EQ(gzclose(out), Z_OK);
}

// A valid organisation number from its first eight digits, or "" when none exists (remainder 1).
std::string with_check_digit(int first8) {
  static constexpr int w[8] = {3, 2, 7, 6, 5, 4, 3, 2};
  const std::string s = std::to_string(first8);
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += (s[static_cast<std::size_t>(i)] - '0') * w[i];
  const int r = sum % 11;
  if (r == 1) return "";
  return s + static_cast<char>('0' + (r == 0 ? 0 : 11 - r));
}

bool has_problem(const ImportReport& r, std::string_view start, std::string_view contains = "") {
  return std::any_of(r.problems.begin(), r.problems.end(), [&](const std::string& p) {
    return p.starts_with(start) && p.find(contains) != std::string::npos;
  });
}

std::string problems_text(const ImportReport& r) {
  std::string out;
  for (const auto& p : r.problems) out += "  " + p + "\n";
  return out;
}

// ---------------------------------------------------------------------------------------------
// CSV header mapping

TEST(RegisterCsvHeader, MapsTheCurrentColumnSetByName) {
  const std::vector<std::string> header = {
      "organisasjonsnummer", "navn", "organisasjonsform.kode", "organisasjonsform.beskrivelse",
      "naeringskode1.kode", "harRegistrertAntallAnsatte", "antallAnsatte", "hjemmeside", "postadresse.adresse",
      "postadresse.kommunenummer", "forretningsadresse.adresse", "forretningsadresse.poststed",
      "forretningsadresse.postnummer", "forretningsadresse.kommunenummer", "institusjonellSektorkode.kode",
      "registreringsdatoenhetsregisteret", "stiftelsesdato", "registrertIMvaRegisteret",
      "registrertIFrivillighetsregisteret", "registrertIForetaksregisteret", "registrertIStiftelsesregisteret",
      "konkurs", "underAvvikling", "overordnetEnhet", "vedtektsfestetFormaal", "paategninger"};
  const CsvLayout l = map_csv_header(header);
  EXPECT_EQ(l.width, header.size());
  EXPECT_EQ(l.at(Column::orgnr), 0);
  EXPECT_EQ(l.at(Column::name), 1);
  EXPECT_EQ(l.at(Column::org_form), 2);
  EXPECT_EQ(l.at(Column::org_form_description), 3);
  EXPECT_EQ(l.at(Column::nace_code), 4);
  EXPECT_EQ(l.at(Column::has_employees), 5);
  EXPECT_EQ(l.at(Column::employees), 6);
  EXPECT_EQ(l.at(Column::website), 7);
  EXPECT_EQ(l.at(Column::postal_address), 8);
  EXPECT_EQ(l.at(Column::postal_municipality), 9);
  EXPECT_EQ(l.at(Column::business_address), 10);
  EXPECT_EQ(l.at(Column::business_city), 11);
  EXPECT_EQ(l.at(Column::business_postcode), 12);
  EXPECT_EQ(l.at(Column::business_municipality), 13);
  EXPECT_EQ(l.at(Column::sector_code), 14);
  EXPECT_EQ(l.at(Column::founded), 16);
  EXPECT_EQ(l.at(Column::registered_vat), 17);
  EXPECT_EQ(l.at(Column::registered_voluntary), 18);
  EXPECT_EQ(l.at(Column::registered_business), 19);
  EXPECT_EQ(l.at(Column::registered_foundation), 20);
  EXPECT_EQ(l.at(Column::bankrupt), 21);
  EXPECT_EQ(l.at(Column::winding_up), 22);
  EXPECT_EQ(l.at(Column::parent_orgnr), 23);
  EXPECT_EQ(l.at(Column::purpose), 24);
  EXPECT_EQ(l.at(Column::location_address), -1);  // sub-units only
  EXPECT_EQ(l.at(Column::postal_city), -1);
}

TEST(RegisterCsvHeader, IgnoresCaseAndToleratesOlderAndNewerNames) {
  const CsvLayout l = map_csv_header({"ORGANISASJONSNUMMER", "Navn", "Organisasjonsform", "Næringskode1.Kode",
                                      "registrertIMvaregisteret", "Forretningsadresse.Kommunenummer", "nyKolonne"});
  EXPECT_EQ(l.at(Column::orgnr), 0);
  EXPECT_EQ(l.at(Column::name), 1);
  EXPECT_EQ(l.at(Column::org_form), 2);  // old files: the code alone under «organisasjonsform»
  EXPECT_EQ(l.at(Column::nace_code), 3);
  EXPECT_EQ(l.at(Column::registered_vat), 4);  // the JSON spelling is accepted as well
  EXPECT_EQ(l.at(Column::business_municipality), 5);
  EXPECT_EQ(l.at(Column::employees), -1);
  EXPECT_EQ(l.at(Column::has_employees), -1);
}

TEST(RegisterCsvHeader, StripsAByteOrderMarkAndBlanks) {
  const CsvLayout l = map_csv_header({"\xEF\xBB\xBForganisasjonsnummer", " navn "});
  EXPECT_EQ(l.at(Column::orgnr), 0);
  EXPECT_EQ(l.at(Column::name), 1);
}

TEST(RegisterCsvHeader, FirstOfRepeatedColumnsWins) {
  const CsvLayout l = map_csv_header({"organisasjonsnummer", "navn", "navn"});
  EXPECT_EQ(l.at(Column::name), 1);
  EXPECT_EQ(csv_row_json(l, {"974760673", "Første", "Andre"}), R"({"organisasjonsnummer":"974760673","navn":"Første"})");
}

TEST(RegisterCsvHeader, RefusesAHeaderWithoutTheRequiredColumns) {
  try {
    map_csv_header({"organisasjonsnummer", "name", "organisasjonsform.kode"});
    FAIL() << "expected ImportError";
  } catch (const ImportError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("«navn»"), std::string::npos) << m;
    EXPECT_NE(m.find("«name»"), std::string::npos) << m;  // shows what it found
  }
  try {
    map_csv_header({"orgnr;navn;organisasjonsform"});
    FAIL() << "expected ImportError";
  } catch (const ImportError& e) {
    EXPECT_NE(std::string(e.what()).find("kolonnene «organisasjonsnummer» og «navn»"), std::string::npos) << e.what();
  }
  EXPECT_THROW(map_csv_header({}), ImportError);
}

TEST(RegisterCsvHeader, PlacesColumnsInTheRegistersJsonFieldNames) {
  const CsvLayout l = map_csv_header({"organisasjonsnummer", "navn", "registreringsdatoenhetsregisteret",
                                      "registrertIMvaRegisteret", "Organisasjonsform.Kode", "nyKolonne"});
  ASSERT_EQ(l.json.size(), 6u);
  EXPECT_EQ(l.json[2].key, "registreringsdatoEnhetsregisteret");
  EXPECT_EQ(l.json[2].kind, JsonKind::text);
  EXPECT_EQ(l.json[3].key, "registrertIMvaregisteret");
  EXPECT_EQ(l.json[3].kind, JsonKind::boolean);
  EXPECT_EQ(l.json[4].group, "organisasjonsform");
  EXPECT_EQ(l.json[4].key, "kode");
  EXPECT_EQ(l.json[5].key, "nyKolonne");  // unknown columns keep their own spelling
}

TEST(RegisterCsvHeader, RebuildsTheUnitAsTheRegistersJson) {
  const CsvLayout l = map_csv_header({"organisasjonsnummer", "navn", "organisasjonsform.kode",
                                      "forretningsadresse.adresse", "harRegistrertAntallAnsatte", "antallAnsatte",
                                      "organisasjonsform.beskrivelse", "forretningsadresse.kommunenummer", "konkurs",
                                      "vedtektsfestetFormaal", "hjemmeside"});
  const std::string j = csv_row_json(l, {"974760673", "Navn med \"sitat\" og \\", "AS", "c/o Hansen\r\nStorgata 1",
                                         "true", "", "Aksjeselskap", "3907", "false", "Første.\nAndre.", ""});
  EXPECT_EQ(j,
            R"({"organisasjonsnummer":"974760673","navn":"Navn med \"sitat\" og \\",)"
            R"("organisasjonsform":{"kode":"AS","beskrivelse":"Aksjeselskap"},)"
            R"("forretningsadresse":{"adresse":["c/o Hansen","Storgata 1"],"kommunenummer":"3907"},)"
            R"("harRegistrertAntallAnsatte":true,"konkurs":false,"vedtektsfestetFormaal":["Første.","Andre."]})");
  EXPECT_TRUE(json::accept(j));
  // Counts are numbers; values that are not what the column should hold stay text.
  const std::string k = csv_row_json(l, {"974760673", "X", "", "", "kanskje", "17", "", "", "", "", ""});
  EXPECT_EQ(k, R"({"organisasjonsnummer":"974760673","navn":"X",)"
               R"("harRegistrertAntallAnsatte":"kanskje","antallAnsatte":17})");
}

// ---------------------------------------------------------------------------------------------
// Whole imports, on both engines

class RegisterImport : public ::testing::TestWithParam<db::Engine> {
 public:
  // One fresh PostgreSQL database for the suite, dropped after it.
  static void SetUpTestSuite() {
    const char* file = std::getenv("SAMSKAP_PG_URL_FILE");
    if (!file || !*file || !fs::exists(file)) return;
    std::ifstream in(file);
    std::string admin;
    if (!std::getline(in, admin) || admin.empty()) return;
    pg_admin_url() = admin;
    pg_name() = "samskap_register_" + random_hex();
    db::connect(db::parse_url(admin))->exec("CREATE DATABASE " + pg_name());
    const std::size_t host = admin.find("://") + 3;
    const std::size_t path = admin.find('/', host);
    pg_url() = (path == std::string::npos ? admin : admin.substr(0, path)) + "/" + pg_name();
  }
  static void TearDownTestSuite() {
    if (pg_name().empty()) return;
    db::connect(db::parse_url(pg_admin_url()))->exec("DROP DATABASE IF EXISTS " + pg_name() + " WITH (FORCE)");
    pg_name().clear();
    pg_url().clear();
  }

 protected:
  static std::string& pg_admin_url() {
    static std::string s;
    return s;
  }
  static std::string& pg_name() {
    static std::string s;
    return s;
  }
  static std::string& pg_url() {
    static std::string s;
    return s;
  }

  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("samskap-register-" + random_hex());
    fs::create_directories(dir_);
    if (GetParam() == db::Engine::sqlite) {
      url_ = "sqlite://" + (dir_ / "test.db").string();
    } else {
      if (pg_url().empty()) GTEST_SKIP() << "PostgreSQL-testen hoppes over: SAMSKAP_PG_URL_FILE peker ikke på en server";
      url_ = pg_url();
      db::connect(db::parse_url(url_))->run_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    }
    conn_ = db::connect(db::parse_url(url_));
    db::migrate(*conn_, source_dir() / "migrations");
  }

  void TearDown() override {
    conn_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  ImportReport import(const fs::path& file) { return import_brreg(*conn_, file.string()); }

  RegisterUnit unit(const std::string& orgnr) {
    auto u = store::find(*conn_, orgnr);
    EXPECT_TRUE(u) << orgnr << " finnes ikke";
    return u.value_or(RegisterUnit{});
  }
  std::int64_t count(std::string_view where = "") {
    return conn_->scalar_int("SELECT count(*) FROM register_units" + std::string(where)).value_or(-1);
  }
  std::int64_t active() { return count(" WHERE removed_at IS NULL"); }

  std::vector<std::string> search(std::string_view q, const std::string& municipality = "") {
    std::vector<std::string> out;
    for (const UnitHit& h : store::search(*conn_, q, municipality, 10)) out.push_back(h.orgnr);
    return out;
  }

  fs::path dir_;
  std::string url_;
  std::unique_ptr<db::Connection> conn_;
};

INSTANTIATE_TEST_SUITE_P(Engines, RegisterImport, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return info.param == db::Engine::sqlite ? "sqlite" : "postgresql"; });

TEST_P(RegisterImport, ReadsTheJsonDownloadAndReportsBrokenObjects) {
  const ImportReport r = import(samples() / "enheter-sample.json");
  EXPECT_EQ(r.read, 11) << problems_text(r);
  EXPECT_EQ(r.inserted, 5);
  EXPECT_EQ(r.updated, 0);
  EXPECT_EQ(r.unchanged, 0);
  EXPECT_EQ(r.removed, 0);
  EXPECT_EQ(r.skipped, 6);
  EXPECT_EQ(r.problems.size(), 6u) << problems_text(r);
  EXPECT_TRUE(has_problem(r, "linje 15, enhet nr. 5: ", "ugyldig organisasjonsnummer 910000005 (feil kontrollsiffer)"))
      << problems_text(r);
  EXPECT_TRUE(has_problem(r, "linje 16, enhet nr. 6: ", "910000020 mangler navn")) << problems_text(r);
  EXPECT_TRUE(has_problem(r, "linje 17, enhet nr. 7: ", "ugyldig JSON")) << problems_text(r);
  EXPECT_TRUE(has_problem(r, "linje 18, enhet nr. 8: ", "ikke et JSON-objekt")) << problems_text(r);
  EXPECT_TRUE(has_problem(r, "linje 19, enhet nr. 9: ", "ikke avsluttet")) << problems_text(r);
  EXPECT_TRUE(has_problem(r, "linje 21: ", "889640782 står flere ganger")) << problems_text(r);
  EXPECT_EQ(count(), 5);

  const RegisterUnit brreg = unit("974 760 673");
  EXPECT_EQ(brreg.name, "REGISTERENHETEN I BRØNNØYSUND");
  EXPECT_EQ(brreg.org_form, "ORGL");
  EXPECT_EQ(brreg.org_form_description, "Organisasjonsledd");
  EXPECT_EQ(brreg.address, "Havnegata 48");  // the business address, not the postal one
  EXPECT_EQ(brreg.postcode, "8900");
  EXPECT_EQ(brreg.city, "BRØNNØYSUND");
  EXPECT_EQ(brreg.municipality_number, "1813");
  EXPECT_EQ(brreg.employees, 550);
  EXPECT_FALSE(brreg.employees_1_to_4);
  EXPECT_EQ(brreg.nace_code, "84.110");
  EXPECT_EQ(brreg.sector_code, "6100");
  EXPECT_EQ(brreg.parent_orgnr, "912660680");
  EXPECT_EQ(brreg.website, "www.brreg.no");
  EXPECT_EQ(brreg.registered_vat, false);
  EXPECT_EQ(brreg.bankrupt, false);
  EXPECT_FALSE(brreg.removed());
  EXPECT_FALSE(brreg.updated_at.empty());

  // The stored JSON is the register's object, field for field and in its order.
  const std::string file = read_file(samples() / "enheter-sample.json");
  const std::size_t line2 = file.find('\n') + 1;
  const std::string object = file.substr(line2, file.find(",\n", line2) - line2);
  EXPECT_EQ(json::parse(brreg.data), json::parse(object));
  EXPECT_EQ(nlohmann::ordered_json::parse(brreg.data).begin().key(), "organisasjonsnummer");

  const RegisterUnit sentral = unit("910000004");
  EXPECT_EQ(sentral.municipality_number, "3804");  // the pre-2024 number, as given
  EXPECT_EQ(sentral.employees, std::nullopt);
  EXPECT_TRUE(sentral.employees_1_to_4);
  EXPECT_EQ(sentral.registered_voluntary, true);
  EXPECT_EQ(sentral.founded, "2011-11-30");
  EXPECT_EQ(sentral.purpose, "Drive frivilligsentral for alle i kommunen.\nSkape møteplasser på tvers av generasjoner.");
  EXPECT_EQ(sentral.registered_foundation, false);

  const RegisterUnit skien = unit("910000012");  // written over several lines in the file
  EXPECT_EQ(skien.address, "c/o Hansen\nStorgata 1");
  EXPECT_EQ(skien.employees, 12);
  EXPECT_EQ(skien.registered_voluntary, std::nullopt);  // not in the object
  EXPECT_EQ(unit("910000055").name, "Ærlig Håndverk AS");
  EXPECT_EQ(unit("889640782").name, "ARBEIDS- OG VELFERDSETATEN");  // the first of the two
  EXPECT_FALSE(store::find(*conn_, "910000039"));
  EXPECT_FALSE(store::find(*conn_, "910000047"));
}

TEST_P(RegisterImport, ReadsGzippedFilesLikePlainOnes) {
  gzip_file(samples() / "enheter-sample.json", dir_ / "enheter-sample.json.gz");
  const ImportReport r = import(dir_ / "enheter-sample.json.gz");
  EXPECT_EQ(r.read, 11);
  EXPECT_EQ(r.inserted, 5);
  EXPECT_EQ(r.skipped, 6);
  const std::string gz_data = unit("910000004").data;
  // The plain file finds every unit as it is.
  const ImportReport again = import(samples() / "enheter-sample.json");
  EXPECT_EQ(again.unchanged, 5);
  EXPECT_EQ(again.inserted + again.updated + again.removed, 0);
  EXPECT_EQ(unit("910000004").data, gz_data);

  gzip_file(samples() / "enheter-old.csv", dir_ / "enheter-old.csv.gz");
  const ImportReport csv = import(dir_ / "enheter-old.csv.gz");
  EXPECT_EQ(csv.read, 9);
  EXPECT_EQ(csv.inserted, 5);
  EXPECT_EQ(csv.removed, 5);  // the JSON sample's units are not in this file
}

TEST_P(RegisterImport, ReadsAnOlderCsvColumnSet) {
  const ImportReport r = import(samples() / "enheter-old.csv");
  EXPECT_EQ(r.read, 9) << problems_text(r);
  EXPECT_EQ(r.inserted, 5);
  EXPECT_EQ(r.skipped, 4);
  EXPECT_EQ(r.problems.size(), 4u) << problems_text(r);
  EXPECT_TRUE(has_problem(r, "linje 6: ugyldig organisasjonsnummer 910000102 (feil kontrollsiffer)")) << problems_text(r);
  EXPECT_TRUE(has_problem(r, "linje 7: enheten 910000128 mangler navn")) << problems_text(r);
  EXPECT_TRUE(has_problem(r, "linje 8: ", "anførselstegn")) << problems_text(r);
  EXPECT_TRUE(has_problem(r, "linje 9: raden har 8 felt, men overskriften har 35")) << problems_text(r);

  const RegisterUnit il = unit("910000063");
  EXPECT_EQ(il.name, "Sandefjord Idrettslag");
  EXPECT_EQ(il.municipality_number, "3804");
  EXPECT_EQ(il.employees, 0);  // old files wrote 0
  EXPECT_FALSE(il.employees_1_to_4);
  EXPECT_EQ(il.registered_voluntary, true);
  EXPECT_EQ(il.registered_vat, false);  // registrertIMvaRegisteret
  EXPECT_EQ(il.founded, "1946-05-01");
  EXPECT_EQ(il.nace_code, "93.120");
  const json data = json::parse(il.data);
  EXPECT_EQ(data["organisasjonsform"]["kode"], "FLI");
  EXPECT_EQ(data["forretningsadresse"]["adresse"], json::array({"Bugårdsveien 2"}));
  EXPECT_EQ(data["registreringsdatoEnhetsregisteret"], "1996-02-20");
  EXPECT_EQ(data["registrertIMvaregisteret"], false);
  EXPECT_EQ(data["antallAnsatte"], 0);
  EXPECT_FALSE(data.contains("postadresse"));  // empty in the file

  const RegisterUnit bygg = unit("910000071");  // a quoted address over two lines (CRLF)
  EXPECT_EQ(bygg.address, "c/o Olsen\nKongens gate 3");
  EXPECT_EQ(bygg.municipality_number, "3005");
  EXPECT_EQ(bygg.employees, 23);
  EXPECT_EQ(bygg.website, "www.drammenbygg.no");
  EXPECT_EQ(json::parse(bygg.data)["forretningsadresse"]["adresse"], json::array({"c/o Olsen", "Kongens gate 3"}));
  EXPECT_EQ(unit("910000098").employees, std::nullopt);
  EXPECT_EQ(unit("910000098").parent_orgnr, "964338531");
  EXPECT_EQ(unit("910000152").name, "Skien Sosiale Entreprenører SA");  // read after the broken rows
}

TEST_P(RegisterImport, ReRunsUpdateChangedUnitsAndMarkAbsentOnesRemoved) {
  ASSERT_EQ(import(samples() / "enheter-old.csv").inserted, 5);
  conn_->exec("UPDATE register_units SET updated_at = ? ", {"2020-01-01T00:00:00Z"});

  // The newer file: renamed columns in other letter cases, 2024 municipality numbers.
  const ImportReport r = import(samples() / "enheter-new.csv");
  EXPECT_EQ(r.read, 9) << problems_text(r);
  EXPECT_EQ(r.inserted, 2);   // 910000179, 910000187
  EXPECT_EQ(r.updated, 3);    // 910000063, 910000071, 910000160
  EXPECT_EQ(r.unchanged, 0);
  EXPECT_EQ(r.removed, 1);    // 910000098 is not in the file
  EXPECT_EQ(r.skipped, 4);
  EXPECT_TRUE(has_problem(r, "linje 5: raden har 7 felt, men overskriften har 32")) << problems_text(r);
  EXPECT_TRUE(has_problem(r, "linje 10: ugyldig organisasjonsnummer 910000188 (feil kontrollsiffer)"))
      << problems_text(r);
  EXPECT_TRUE(has_problem(r, "linje 11: enheten 910000195 mangler navn")) << problems_text(r);
  EXPECT_TRUE(has_problem(r, "linje 12: ", "ikke avsluttet før slutten av fila")) << problems_text(r);

  EXPECT_EQ(unit("910000063").municipality_number, "3907");
  EXPECT_EQ(unit("910000063").website, "www.sandefjord-il.no");
  EXPECT_EQ(unit("910000063").employees, std::nullopt);
  EXPECT_TRUE(unit("910000063").employees_1_to_4);
  EXPECT_NE(unit("910000063").updated_at, "2020-01-01T00:00:00Z");
  EXPECT_EQ(unit("910000071").address, "c/o Olsen\nKongens gate 3");  // LF inside the quotes this time
  EXPECT_TRUE(unit("910000160").employees_1_to_4);
  const RegisterUnit vikan = unit("910000179");
  EXPECT_EQ(vikan.name, "Foreningen \"Vi Kan\"");
  EXPECT_EQ(vikan.purpose, "Arbeidstrening for unge.\nInkludering i nærmiljøet.");
  const json data = json::parse(vikan.data);
  EXPECT_EQ(data["erIKonsern"], false);   // a column the importer does not know goes into the JSON
  EXPECT_FALSE(data.contains("nyKolonne2025"));  // … unless it is empty
  EXPECT_EQ(json::parse(unit("910000063").data)["nyKolonne2025"], "x");
  EXPECT_EQ(unit("910000187").bankrupt, true);  // "ja"
  EXPECT_EQ(unit("910000187").winding_up, false);

  const RegisterUnit gone = unit("910000098");
  EXPECT_TRUE(gone.removed());
  EXPECT_EQ(gone.name, "Bærum Kulturskole");  // kept, only marked
  EXPECT_FALSE(store::active_data(*conn_, "910000098"));
  // A unit whose row was damaged is neither changed nor removed.
  const RegisterUnit damaged = unit("910000152");
  EXPECT_FALSE(damaged.removed());
  EXPECT_EQ(damaged.updated_at, "2020-01-01T00:00:00Z");
  EXPECT_EQ(active(), 6);
  if (GetParam() == db::Engine::sqlite) {
    // The name search's vocabulary: the words of active units, each with its number of units.
    EXPECT_EQ(conn_->scalar_int("SELECT units FROM register_terms WHERE term = 'idrettslag'"), 3);
    EXPECT_EQ(conn_->scalar_int("SELECT units FROM register_terms WHERE term = 'skien'"), 1);  // the kept unit
    EXPECT_EQ(conn_->scalar_int("SELECT count(*) FROM register_terms WHERE term = 'bærum'"), 0);  // removed
  }

  // The same file again changes nothing.
  const ImportReport same = import(samples() / "enheter-new.csv");
  EXPECT_EQ(same.inserted, 0);
  EXPECT_EQ(same.updated, 0);
  EXPECT_EQ(same.unchanged, 5);
  EXPECT_EQ(same.removed, 0);  // 910000098 was removed already
  EXPECT_EQ(same.skipped, 4);
  const std::string removed_at = *unit("910000098").removed_at;

  // The older file once more: the removed unit comes back, the newer units go.
  const ImportReport old = import(samples() / "enheter-old.csv");
  EXPECT_EQ(old.inserted, 0);
  EXPECT_EQ(old.updated, 4);  // 910000063, 910000071, 910000160 and the returning 910000098
  EXPECT_EQ(old.unchanged, 1);  // 910000152
  EXPECT_EQ(old.removed, 2);  // 910000179, 910000187
  EXPECT_FALSE(unit("910000098").removed());
  EXPECT_TRUE(unit("910000179").removed());
  EXPECT_EQ(unit("910000063").municipality_number, "3804");
  EXPECT_EQ(active(), 5);
  EXPECT_EQ(count(), 7);
  EXPECT_FALSE(removed_at.empty());
}

TEST_P(RegisterImport, RefusesFilesThatAreNotRegisterFilesWithoutTouchingTheTable) {
  ASSERT_EQ(import(samples() / "enheter-old.csv").inserted, 5);
  const auto before = conn_->scalar_text("SELECT max(updated_at) FROM register_units");

  write_file(dir_ / "feil.csv", "orgnr,name\n974760673,Brreg\n");
  EXPECT_THROW(import(dir_ / "feil.csv"), ImportError);
  write_file(dir_ / "tom.csv", "");
  EXPECT_THROW(import(dir_ / "tom.csv"), ImportError);
  write_file(dir_ / "objekt.json", R"({"organisasjonsnummer":"974760673","navn":"Brreg"})");
  EXPECT_THROW(import(dir_ / "objekt.json"), ImportError);
  EXPECT_THROW(import(dir_ / "finnes-ikke.csv"), ImportError);
  try {
    import(dir_ / "finnes-ikke.csv");
  } catch (const ImportError& e) {
    EXPECT_NE(std::string(e.what()).find("kan ikke åpne"), std::string::npos) << e.what();
  }

  // A JSON download cut short, and a gzip stream cut short: refused as a whole, nothing changed.
  const std::string json_text = read_file(samples() / "enheter-sample.json");
  write_file(dir_ / "avbrutt.json", json_text.substr(0, json_text.size() / 2));
  EXPECT_THROW(import(dir_ / "avbrutt.json"), ImportError);
  gzip_file(samples() / "enheter-new.csv", dir_ / "hel.csv.gz");
  const std::string gz = read_file(dir_ / "hel.csv.gz");
  write_file(dir_ / "avbrutt.csv.gz", gz.substr(0, gz.size() - 12));
  try {
    import(dir_ / "avbrutt.csv.gz");
    FAIL() << "expected ImportError";
  } catch (const ImportError& e) {
    EXPECT_NE(std::string(e.what()).find("avbrutt"), std::string::npos) << e.what();
  }

  EXPECT_EQ(count(), 5);
  EXPECT_EQ(active(), 5);
  EXPECT_EQ(conn_->scalar_text("SELECT max(updated_at) FROM register_units"), before);
  EXPECT_EQ(unit("910000063").municipality_number, "3804");
  EXPECT_FALSE(conn_->in_transaction());
}

TEST_P(RegisterImport, AFailedFirstImportLeavesTheTableEmpty) {
  gzip_file(samples() / "enheter-new.csv", dir_ / "hel.csv.gz");
  const std::string gz = read_file(dir_ / "hel.csv.gz");
  write_file(dir_ / "avbrutt.csv.gz", gz.substr(0, gz.size() - 12));
  EXPECT_THROW(import(dir_ / "avbrutt.csv.gz"), ImportError);
  EXPECT_EQ(count(), 0);
  EXPECT_FALSE(conn_->in_transaction());
  if (GetParam() == db::Engine::sqlite) {
    // No staging table is left behind, and the search index and its triggers are in place.
    EXPECT_EQ(conn_->scalar_int("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'register_units_next%'"), 0);
  }
  ASSERT_EQ(import(samples() / "enheter-new.csv").inserted, 5);
  if (GetParam() == db::Engine::sqlite) {
    EXPECT_EQ(conn_->scalar_int("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'register_units_next%'"), 0);
    EXPECT_EQ(conn_->scalar_int("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'register_units'"),
              3);
    EXPECT_EQ(conn_->scalar_int("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'register_units'"),
              1);  // the orgnr constraint's
    // The swapped-in index keeps the settings the migration gave the first one.
    EXPECT_EQ(conn_->scalar_int("SELECT v FROM register_units_fts_config WHERE k = 'hashsize'"), 16777216);
    EXPECT_THROW(conn_->exec("INSERT INTO register_units (id, orgnr, name, data, updated_at) "
                             "VALUES (910000063, '910000063', 'x', '{}', 'x')"),
                 db::UniqueViolation);
  }
  // The triggers keep the index in step with changes made outside the import.
  EXPECT_EQ(search("sandefjord "), (std::vector<std::string>{"910000063"}));
  conn_->exec("UPDATE register_units SET removed_at = updated_at WHERE orgnr = '910000063'");
  EXPECT_EQ(search("sandefjord "), (std::vector<std::string>{}));
  conn_->exec("UPDATE register_units SET removed_at = NULL, name = 'Sandefjord Turn', search_text = 'sandefjord turn' "
              "WHERE orgnr = '910000063'");
  EXPECT_EQ(search("turn "), (std::vector<std::string>{"910000063"}));
  conn_->exec("DELETE FROM register_units WHERE orgnr = '910000063'");
  EXPECT_EQ(search("sandefjord "), (std::vector<std::string>{}));
}

TEST_P(RegisterImport, StreamsFilesLargerThanItsBuffers) {
  // About 5 MB over several read chunks, with quoted newlines, doubled quotes, a semicolon
  // delimiter and bad rows spread through it.
  std::string csv = "organisasjonsnummer;navn;forretningsadresse.adresse;forretningsadresse.kommunenummer;antallAnsatte\n";
  std::string big_json = "[\n";
  int written = 0, bad = 0, line = 2;
  std::vector<int> bad_lines;
  const std::string filler(800, 'x');
  for (int i = 0; written < 12000; ++i) {
    const std::string n = with_check_digit(92000000 + i);
    if (n.empty()) continue;
    ++written;
    if (written % 1000 == 0) {
      const char wrong = static_cast<char>('0' + (n[8] - '0' + 1) % 10);
      csv += n.substr(0, 8) + wrong + ";\"Feil " + std::to_string(i) + "\";\"\";\"\";\"\"\n";
      bad_lines.push_back(line);
      ++bad;
      ++line;
      continue;
    }
    csv += n + ";\"Enhet \"\"" + std::to_string(i) + "\"\" AS\";\"c/o " +
           filler.substr(0, static_cast<std::size_t>(i % 800)) + "\nGate " + std::to_string(i) + "\";\"3907\";\"" +
           std::to_string(i % 50) + "\"\n";
    line += 2;
    big_json += std::string(written > 1 ? "," : "") + R"({"organisasjonsnummer":")" + n + R"(","navn":"Enhet )" +
                std::to_string(i) + R"(","beskrivelse":")" + filler.substr(0, 400) + "\"}\n";
  }
  big_json += "]";
  write_file(dir_ / "stor.csv", csv);
  ASSERT_GT(csv.size(), 3u << 20);
  const ImportReport r = import(dir_ / "stor.csv");
  EXPECT_EQ(r.read, 12000);
  EXPECT_EQ(r.inserted, 12000 - bad);
  EXPECT_EQ(r.skipped, bad);
  for (const int l : bad_lines) EXPECT_TRUE(has_problem(r, "linje " + std::to_string(l) + ": ugyldig")) << l;
  const std::string probe = with_check_digit(92000011);  // 92000007 has no check digit (remainder 1)
  ASSERT_FALSE(probe.empty());
  EXPECT_EQ(unit(probe).name, "Enhet \"11\" AS");
  EXPECT_EQ(unit(probe).address, "c/o xxxxxxxxxxx\nGate 11");
  EXPECT_EQ(unit(probe).employees, 11);

  write_file(dir_ / "stor.json", big_json);
  gzip_file(dir_ / "stor.json", dir_ / "stor.json.gz");
  const ImportReport j = import(dir_ / "stor.json.gz");
  EXPECT_EQ(j.read, 12000 - bad);
  EXPECT_EQ(j.updated, 12000 - bad);
  EXPECT_EQ(j.skipped, 0) << problems_text(j);
  EXPECT_EQ(unit(probe).name, "Enhet 11");
}

TEST_P(RegisterImport, SkipsRowsThatAreNotUtf8) {
  write_file(dir_ / "latin1.csv",
             "organisasjonsnummer,navn\n974760673,Br\xf8nn\xf8ysund\n889640782,NAV\n910000004,\"Nul\x01l\"\n");
  const ImportReport r = import(dir_ / "latin1.csv");
  EXPECT_EQ(r.read, 3);
  EXPECT_EQ(r.inserted, 2);
  EXPECT_EQ(r.skipped, 1);
  EXPECT_TRUE(has_problem(r, "linje 2: raden inneholder tegn som ikke er gyldig UTF-8")) << problems_text(r);
  EXPECT_EQ(unit("910000004").name, "Nul\x01l");  // control characters are text all the same
  using namespace std::string_literals;
  write_file(dir_ / "nul.csv", "organisasjonsnummer,navn\n889640782,N\0AV\n"s);
  const ImportReport nul = import(dir_ / "nul.csv");
  EXPECT_EQ(nul.skipped, 1);
  EXPECT_EQ(nul.removed, 1);  // 910000004; 889640782 is kept as it was
  EXPECT_EQ(unit("889640782").name, "NAV");
}

TEST_P(RegisterImport, KeepsAThousandProblems) {
  std::string csv = "organisasjonsnummer,navn\n";
  for (int i = 0; i < 1200; ++i) csv += "123456789,Feil\n";
  csv += "974760673,Registerenheten\n";
  write_file(dir_ / "mange-feil.csv", csv);
  const ImportReport r = import(dir_ / "mange-feil.csv");
  EXPECT_EQ(r.skipped, 1200);
  EXPECT_EQ(r.inserted, 1);
  EXPECT_EQ(r.problems.size(), kMaxProblems);
  EXPECT_EQ(r.problems_not_kept, 200);
  EXPECT_EQ(r.problems.front(), "linje 2: ugyldig organisasjonsnummer 123456789 (feil kontrollsiffer)");
}

TEST_P(RegisterImport, SearchesNamesAsYouTypeWithinAMunicipality) {
  ASSERT_EQ(import(samples() / "enheter-new.csv").inserted, 5);
  ASSERT_EQ(import(samples() / "enheter-sample.json").inserted, 5);  // removes the CSV's units …
  ASSERT_EQ(import(samples() / "enheter-new.csv").updated, 5);       // … and brings them back
  conn_->exec("DELETE FROM municipalities WHERE number IN ('3804', '3907', '0301', '1108')");
  conn_->exec(
      "INSERT INTO municipalities (number, name, county_number, valid_from, valid_to, replaced_by) VALUES "
      "('3804', 'Sandefjord', '38', '2020-01-01', '2023-12-31', '3907'), "
      "('3907', 'Sandefjord', '39', '2024-01-01', NULL, NULL), "
      "('0301', 'Oslo', '03', '1838-01-01', NULL, NULL), "
      "('1108', 'Sandnes', '11', '2020-01-01', NULL, NULL)");

  // The last word is a prefix while it is being typed; earlier words are whole (stemmed) words.
  EXPECT_EQ(search("sandef"), (std::vector<std::string>{"910000063"}));
  EXPECT_EQ(search("idrettsl"), (std::vector<std::string>{"910000187", "910000160", "910000063"}));
  EXPECT_EQ(search("idrettslag sand"), (std::vector<std::string>{"910000160", "910000063"}));
  // A finished word (followed by a space) is stemmed: it finds "Idrettslaget" too.
  EXPECT_EQ(search("idrettslagene "), (std::vector<std::string>{"910000187", "910000160", "910000063"}));
  EXPECT_EQ(search("IDRETTSLAG "), (std::vector<std::string>{"910000187", "910000160", "910000063"}));
  // A word at the end matches by its stem too, or as the start of a longer word.
  EXPECT_EQ(search("idrettslagene"), (std::vector<std::string>{"910000187", "910000160", "910000063"}));
  EXPECT_EQ(search("idrettsm"), (std::vector<std::string>{}));
  EXPECT_EQ(search("ærlig"), (std::vector<std::string>{}));  // not in the last import
  EXPECT_EQ(search("Sandnes idrettslag"), (std::vector<std::string>{"910000160"}));
  EXPECT_EQ(search(""), (std::vector<std::string>{}));
  EXPECT_EQ(search("\"*)("), (std::vector<std::string>{}));  // query syntax is not passed through

  // Within a municipality, including units still listed under its pre-2024 number.
  EXPECT_EQ(search("idrettsl", "1108"), (std::vector<std::string>{"910000160"}));
  EXPECT_EQ(search("idrettsl", "0301"), (std::vector<std::string>{"910000187"}));
  EXPECT_EQ(search("idrettsl", "4601"), (std::vector<std::string>{}));
  conn_->exec("UPDATE register_units SET municipality_number = '3804' WHERE orgnr = '910000179'");
  EXPECT_EQ(search("foreningen", "3907"), (std::vector<std::string>{"910000179"}));
  EXPECT_EQ(search("foreningen", "3804"), (std::vector<std::string>{"910000179"}));
  EXPECT_EQ(search("vi kan", "3907"), (std::vector<std::string>{"910000179"}));

  // Removed units are not found.
  ASSERT_EQ(import(samples() / "enheter-old.csv").removed, 2);
  EXPECT_EQ(search("foreningen"), (std::vector<std::string>{}));
  EXPECT_EQ(search("idrettsl"), (std::vector<std::string>{"910000160", "910000063"}));
  EXPECT_EQ(search("bærum"), (std::vector<std::string>{"910000098"}));

  const std::vector<UnitHit> hits = store::search(*conn_, "drammen bygg", "", 10);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].orgnr, "910000071");
  EXPECT_EQ(hits[0].name, "Drammen Bygg og Anlegg AS");
  EXPECT_EQ(hits[0].org_form, "AS");
  EXPECT_EQ(hits[0].municipality_number, "3005");
  EXPECT_EQ(hits[0].city, "DRAMMEN");
}

// The JSON routes, called with a request context as the router would.
class RegisterRoutes : public RegisterImport {
 protected:
  void SetUp() override {
    RegisterImport::SetUp();
    if (IsSkipped()) return;
    pool_ = std::make_unique<db::Pool>(db::parse_url(url_), 1);
    catalogue_.load_text("nb", R"(
[directory.orgnr]
empty = "Skriv organisasjonsnummeret."
not_digits = "Organisasjonsnummeret kan bare inneholde siffer."
wrong_length = "Organisasjonsnummeret skal ha ni siffer."
bad_check_digit = "Kontrollsifferet stemmer ikke."
[directory.registry]
not_found = "Fant ingen enhet med organisasjonsnummer {orgnr} i Enhetsregisteret."
bad_municipality = "Kommunenummeret skal ha fire siffer."
)");
    mailer_ = std::make_unique<mail::Mailer>(mail::MailerOptions{"", "", "", "x <x@example.no>", dir_.string()});
    services_ = std::make_unique<web::Services>(web::Services{config_, *pool_, templates_, catalogue_, *mailer_, "", ""});
    ASSERT_EQ(import(samples() / "enheter-sample.json").inserted, 5);
  }
  void TearDown() override {
    services_.reset();
    pool_.reset();
    RegisterImport::TearDown();
  }

  http::Response get(const std::string& path, http::Response (*handler)(web::Context&)) {
    http::Request req;
    req.method = http::Method::get;
    const std::size_t q = path.find('?');
    req.path = path.substr(0, q);
    if (q != std::string::npos) req.query_string = path.substr(q + 1);
    const std::string prefix = "/api/v1/register/";
    if (req.path.starts_with(prefix)) req.params.emplace_back("orgnr", req.path.substr(prefix.size()));
    web::Context ctx(req, *services_);
    return handler(ctx);
  }

  Config config_;
  std::unique_ptr<db::Pool> pool_;
  render::Templates templates_;
  render::Catalogue catalogue_;
  std::unique_ptr<mail::Mailer> mailer_;
  std::unique_ptr<web::Services> services_;
};

INSTANTIATE_TEST_SUITE_P(Engines, RegisterRoutes, ::testing::Values(db::Engine::sqlite, db::Engine::postgresql),
                         [](const auto& info) { return info.param == db::Engine::sqlite ? "sqlite" : "postgresql"; });

TEST_P(RegisterRoutes, LooksUpAUnitByNumber) {
  const http::Response ok = get("/api/v1/register/974 760 673", lookup);
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.header("Content-Type")->find("application/json"), std::string::npos);
  const json unit = json::parse(ok.body);
  EXPECT_EQ(unit["organisasjonsnummer"], "974760673");
  EXPECT_EQ(unit["navn"], "REGISTERENHETEN I BRØNNØYSUND");
  EXPECT_EQ(unit["forretningsadresse"]["adresse"], json::array({"Havnegata 48"}));

  const http::Response unknown = get("/api/v1/register/123456785", lookup);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(json::parse(unknown.body)["error"],
            "Fant ingen enhet med organisasjonsnummer 123456785 i Enhetsregisteret.");

  const http::Response bad = get("/api/v1/register/889 640 781", lookup);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(json::parse(bad.body)["error"], "Kontrollsifferet stemmer ikke.");
  EXPECT_EQ(json::parse(bad.body)["orgnr"], "889 640 781");
  EXPECT_EQ(get("/api/v1/register/12345", lookup).status, 422);
  EXPECT_EQ(json::parse(get("/api/v1/register/12345", lookup).body)["error"], "Organisasjonsnummeret skal ha ni siffer.");
  EXPECT_EQ(json::parse(get("/api/v1/register/brreg", lookup).body)["error"],
            "Organisasjonsnummeret kan bare inneholde siffer.");

  // A removed unit is gone for other systems.
  ASSERT_EQ(import(samples() / "enheter-old.csv").removed, 5);
  EXPECT_EQ(get("/api/v1/register/974760673", lookup).status, 404);
  EXPECT_EQ(get("/api/v1/register/910000063", lookup).status, 200);
}

TEST_P(RegisterRoutes, CompletesNames) {
  const http::Response r = get("/api/v1/register?navn=arbeids-%20og%20velf", autocomplete);
  EXPECT_EQ(r.status, 200);
  const json body = json::parse(r.body);
  ASSERT_EQ(body["results"].size(), 1u) << r.body;
  EXPECT_EQ(body["results"][0],
            (json{{"organisasjonsnummer", "889640782"},
                  {"navn", "ARBEIDS- OG VELFERDSETATEN"},
                  {"organisasjonsform", "ORGL"},
                  {"kommunenummer", "0301"},
                  {"poststed", "OSLO"}}));
  EXPECT_EQ(json::parse(get("/api/v1/register?navn=%C3%A6rlig&kommunenummer=0301", autocomplete).body)["results"].size(),
            1u);
  EXPECT_EQ(json::parse(get("/api/v1/register?navn=%C3%A6rlig&kommunenummer=1813", autocomplete).body)["results"].size(),
            0u);
  EXPECT_EQ(json::parse(get("/api/v1/register?navn=", autocomplete).body)["results"], json::array());
  // A number finds its unit.
  const json by_number = json::parse(get("/api/v1/register?navn=974%20760%20673", autocomplete).body);
  ASSERT_EQ(by_number["results"].size(), 1u);
  EXPECT_EQ(by_number["results"][0]["navn"], "REGISTERENHETEN I BRØNNØYSUND");

  const http::Response bad = get("/api/v1/register?navn=sand&kommunenummer=38O4", autocomplete);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(json::parse(bad.body)["error"], "Kommunenummeret skal ha fire siffer.");
}

}  // namespace
