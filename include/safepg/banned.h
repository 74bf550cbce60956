/* SPDX-License-Identifier: PostgreSQL */
/*
 * banned.h: functions safepg never calls (git's banned.h).  Every .c file
 * includes this header last, after all system headers; tests/lint.sh checks
 * that it does.  Unbounded copies and formats overflow; the non-reentrant
 * time functions share static buffers; mktemp races; system and popen run a
 * shell, and safepg's wrappers exec an argv, never a shell string.
 */
#ifndef SAFEPG_BANNED_H
#define SAFEPG_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef ctime
#define ctime(t) BANNED(ctime)
#undef asctime
#define asctime(t) BANNED(asctime)
#undef mktemp
#define mktemp(t) BANNED(mktemp)
#undef system
#define system(c) BANNED(system)
#undef popen
#define popen(c, m) BANNED(popen)

#endif
