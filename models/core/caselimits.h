// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace Pasokh::Core::CaseLimits {

// Longest values of a case's free-text fields, in UTF-16 code units (QString::size()), shared by the console
// (intake form, store) and the hub (push and amend validation): a case the console accepts and gives a
// tracking code to must never be refused by the hub and parked. A longer description is refused with a
// message, never cut; the short fields are cleaned and bounded on save.
inline constexpr int kDescription = 20000;
inline constexpr int kCallerName = 200;
inline constexpr int kAddress = 1000;
inline constexpr int kNeighbourhood = 200;

} // namespace Pasokh::Core::CaseLimits
