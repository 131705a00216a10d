/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LMISF_SELFTEST_H
#define _LMISF_SELFTEST_H

#ifdef DEBUG
bool lmisf_selftest(void);
#else
static inline bool lmisf_selftest(void)
{
	return true;
}
#endif

#endif /* _LMISF_SELFTEST_H */
