// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/verhoeff.h"

namespace Pasokh::Core::Verhoeff {

namespace {
constexpr int kD[10][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
                            {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
                            {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
                            {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
                            {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
constexpr int kP[8][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
                           {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
                           {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
                           {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
constexpr int kInv[10] = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};

// Runs the Verhoeff checksum over digits right to left; `offset` is 1 when computing a check digit to append.
int run(const QString &digits, int offset)
{
    int c = 0;
    for (qsizetype i = 0; i < digits.size(); ++i) {
        const char16_t u = digits.at(digits.size() - 1 - i).unicode();
        if (u < u'0' || u > u'9')
            return -1;
        c = kD[c][kP[(i + offset) % 8][u - u'0']];
    }
    return c;
}
} // namespace

int checkDigit(const QString &digits)
{
    if (digits.isEmpty())
        return -1;
    const int c = run(digits, 1);
    return c < 0 ? -1 : kInv[c];
}

bool isValid(const QString &digitsWithCheck)
{
    return digitsWithCheck.size() >= 2 && run(digitsWithCheck, 0) == 0;
}

} // namespace Pasokh::Core::Verhoeff
