#pragma once
// A unit of the Central Coordinating Register (Enhetsregisteret) as Samskap keeps it: reference
// data loaded by `samskap import-brreg`, separate from the directory's own organisations.
#include <cstdint>
#include <optional>
#include <string>

namespace samskap::directory::registry {

// Text fields are empty when the register gives no value; optional fields are unset when the
// register (or an older file format) does not say.
struct RegisterUnit {
  std::string orgnr;                 // nine digits
  std::string name;
  std::string org_form;              // code: "AS", "FLI", "STI" …
  std::string org_form_description;  // "Aksjeselskap"
  std::string municipality_number;   // as the register gave it: may be a pre-2024 number (3804)
  std::string postcode;
  std::string city;
  std::string address;               // address lines joined with '\n'
  std::optional<std::int64_t> employees;  // the register omits counts below 5 …
  bool employees_1_to_4 = false;          // … and then says only that there are some
  std::string nace_code;             // naeringskode1: "88.991"
  std::string sector_code;           // institusjonellSektorkode: "7000"
  std::string founded;               // stiftelsesdato: "YYYY-MM-DD"
  std::optional<bool> registered_voluntary;   // Frivillighetsregisteret
  std::optional<bool> registered_business;    // Foretaksregisteret
  std::optional<bool> registered_vat;         // Merverdiavgiftsregisteret
  std::optional<bool> registered_foundation;  // Stiftelsesregisteret
  std::optional<bool> bankrupt;
  std::optional<bool> winding_up;
  std::string parent_orgnr;          // overordnetEnhet
  std::string website;
  std::string purpose;               // vedtektsfestetFormaal, lines joined with '\n'
  std::string data;                  // the whole unit as JSON, in the register's own field names
  std::optional<std::string> removed_at;  // set when the unit was missing from the latest import
  std::string updated_at;

  bool removed() const { return removed_at.has_value(); }
};

// One unit read from a register file, ready to be stored.
struct ParsedUnit {
  RegisterUnit unit;
  std::string search_text;  // search::index_text of the name
  std::int64_t line = 0;    // where it started in the file
};

// One hit of the name search (autocomplete).
struct UnitHit {
  std::string orgnr;
  std::string name;
  std::string org_form;
  std::string municipality_number;
  std::string city;
};

}  // namespace samskap::directory::registry
