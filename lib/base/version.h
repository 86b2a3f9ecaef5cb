// The release of hdsc, written into SARIF and OSCAL reports and reported by every front end. capi/hdsc.h repeats it
// as HDSC_VERSION_STRING (a C header cannot include this one); capi/hdsc.cc checks that the two agree.
#ifndef HDSC_LIB_BASE_VERSION_H_
#define HDSC_LIB_BASE_VERSION_H_

namespace hdsc::base {

inline constexpr char kVersion[] = "0.2.0";

}  // namespace hdsc::base

#endif  // HDSC_LIB_BASE_VERSION_H_
