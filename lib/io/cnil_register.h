// Importing the CNIL's simplified register of processing activities ("modèle de registre", an ODS spreadsheet): a
// "Registre" sheet with the organisation's details and a table of its activities, and one "Fiche" sheet per
// activity of labelled fields ("Nom du traitement", "Finalité(s)", "Catégories de données", "Durée de conservation",
// "Destinataires", "Transferts hors UE", "Mesures de sécurité", ...). Labels are matched, not positions: in any
// case, with or without accents and punctuation, wherever they are in the sheet; each one's value is the text to
// its right. What cannot be mapped to the dossier is listed as warnings.
#ifndef HDSC_LIB_IO_CNIL_REGISTER_H_
#define HDSC_LIB_IO_CNIL_REGISTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "lib/io/diagnostic.h"
#include "lib/io/workbook.h"
#include "lib/model/dossier.pb.h"

namespace hdsc::io {

// Whether `workbook` has a "Registre" sheet or "Fiche" sheets (names compared without case and accents).
bool LooksLikeCnilRegister(const Workbook& workbook);

// Fills `dossier`'s organisation and processing activities from the register. The Registre table gives each
// activity (its reference, or `activite-N` when it has none, and its name); a Fiche sheet completes the activity of
// the same reference, name or number, or adds one. Free texts become enumeration values where their words are
// unambiguous (data categories, categories of people, legal basis); a retention period is read from "N ans",
// "N mois" or "N jours" (a year being 365.25 days). Every label, value or part of a value that could not be
// mapped is a warning naming `file`, the field path and the cell. Records in `source_map` the cell of each value.
void ImportCnilRegister(const Workbook& workbook, std::string_view file, hdsc::v1::Dossier* dossier,
                        SourceMap* source_map, std::vector<Diagnostic>* warnings);

// `text` as CNIL labels are compared: lower case, accents removed, "(s)" plural marks dropped, punctuation made
// space, runs of space made one ("Finalité(s) :" -> "finalite").
std::string NormalizeLabel(std::string_view text);

}  // namespace hdsc::io

#endif  // HDSC_LIB_IO_CNIL_REGISTER_H_
