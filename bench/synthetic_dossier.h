// Synthetic dossiers of any size for benchmarks: processing activities, assets, backups, processors, breaches,
// requests, evidence, network zones and Statement of Applicability entries in realistic proportions, about one record
// in ten with a gap the starter rules find. Records refer to each other (activities to processors, breaches to
// activities, assets to zones, backups to assets, SoA entries to evidence), so the joins of the bundled rules grow
// with the dossier.
#ifndef HDSC_BENCH_SYNTHETIC_DOSSIER_H_
#define HDSC_BENCH_SYNTHETIC_DOSSIER_H_

#include <cstdint>

#include "lib/model/dossier.pb.h"

namespace hdsc::bench {

// A dossier with `records` records in total (at least one of each kind when `records` >= 6), the same for the same
// `records` and `seed`. Dates are around 2026-11-28, the time benchmarks check at.
v1::Dossier SyntheticDossier(int64_t records, uint64_t seed = 1);

}  // namespace hdsc::bench

#endif  // HDSC_BENCH_SYNTHETIC_DOSSIER_H_
