#!/usr/bin/env python3
"""Runs a command under the seccomp part of a systemd unit, so a test can start the daemon inside the
same system call filter systemd would put it in (PID 1 is not systemd on a build machine).

Read from the unit: SystemCallFilter= (an allow list, then ~ lines taking groups out; groups expanded with
`systemd-analyze syscall-filter`, the same tables systemd uses), SystemCallErrorNumber= (else refused calls
kill the process, as systemd does), RestrictAddressFamilies= (socket() of another family fails with
EAFNOSUPPORT) and MemoryDenyWriteExecute= (no W+X mmap, no mprotect to PROT_EXEC). Loading the filter sets
no_new_privs, as NoNewPrivileges=yes does. Users, capabilities and the mount namespace are not emulated.

usage: unit-sandbox.py UNIT [Key=value ...] -- command [args ...]   (a Key=value replaces the unit's Key= lines)
"""
import ctypes
import errno
import os
import subprocess
import sys

argv = sys.argv[1:]
split = argv.index('--')
unit_path, overrides, command = argv[0], argv[1:split], argv[split + 1:]



def parse(lines):
    parsed = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith(('#', ';', '[')) or '=' not in line:
            continue
        key, value = line.split('=', 1)
        parsed.setdefault(key, []).append(value.strip())
    return parsed


with open(unit_path, encoding='utf-8') as unit:
    settings = parse(unit.read().splitlines())
settings.update(parse(overrides))  # an override replaces every line of its key

tables = subprocess.run(['systemd-analyze', 'syscall-filter'], capture_output=True, text=True, check=True).stdout
groups, current = {}, None
for line in tables.splitlines():
    if line.startswith('@'):
        current = line.strip()
        groups[current] = []
    elif current and line.startswith('    ') and not line.strip().startswith('#'):
        groups[current].append(line.strip())


def expand(names):
    out = set()
    for name in names:
        out |= expand(groups[name]) if name.startswith('@') else {name}
    return out


filters = settings.get('SystemCallFilter', [])
if not filters or filters[0].startswith('~'):
    sys.exit('unit-sandbox: the unit must start SystemCallFilter= with an allow list')
allowed = set()
for value in filters:
    if value.startswith('~'):
        allowed -= expand(value[1:].split())
    else:
        allowed |= expand(value.split())

FAMILIES = {'AF_UNIX': 1, 'AF_INET': 2, 'AF_INET6': 10, 'AF_NETLINK': 16, 'AF_PACKET': 17}
families = [FAMILIES[name] for value in settings.get('RestrictAddressFamilies', []) for name in value.split()]
mdwe = settings.get('MemoryDenyWriteExecute', ['no'])[-1] in ('yes', 'true', '1')
error_name = settings.get('SystemCallErrorNumber', [None])[-1]

lib = ctypes.CDLL('libseccomp.so.2')
lib.seccomp_init.restype = ctypes.c_void_p
lib.seccomp_init.argtypes = [ctypes.c_uint32]
lib.seccomp_load.argtypes = [ctypes.c_void_p]
lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]


class ArgCmp(ctypes.Structure):
    _fields_ = [('arg', ctypes.c_uint), ('op', ctypes.c_int), ('datum_a', ctypes.c_uint64), ('datum_b', ctypes.c_uint64)]


lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint, ctypes.POINTER(ArgCmp)]
ALLOW, KILL_PROCESS = 0x7FFF0000, 0x80000000
CMP_EQ, CMP_MASKED_EQ = 4, 7
PROT_WRITE, PROT_EXEC = 2, 4


def errno_action(number):
    return 0x00050000 | number


ctx = lib.seccomp_init(errno_action(getattr(errno, error_name)) if error_name else KILL_PROCESS)


def rule(action, name, *cmps):
    number = lib.seccomp_syscall_resolve_name(name.encode())
    if number < 0:
        return  # not a system call of this architecture
    array = (ArgCmp * max(1, len(cmps)))(*cmps)
    if lib.seccomp_rule_add_array(ctx, action, number, len(cmps), array) != 0:
        sys.exit(f'unit-sandbox: cannot add a rule for {name}')


for name in sorted(allowed):
    if name == 'socket' and families:
        for family in families:
            rule(ALLOW, 'socket', ArgCmp(0, CMP_EQ, family, 0))
        # Any other family: what systemd answers for RestrictAddressFamilies=.
        for family in range(0, 64):
            if family not in families:
                rule(errno_action(errno.EAFNOSUPPORT), 'socket', ArgCmp(0, CMP_EQ, family, 0))
    elif mdwe and name == 'mmap':
        for prot in (0, PROT_WRITE, PROT_EXEC):
            rule(ALLOW, 'mmap', ArgCmp(2, CMP_MASKED_EQ, PROT_WRITE | PROT_EXEC, prot))
    elif mdwe and name in ('mprotect', 'pkey_mprotect'):
        rule(ALLOW, name, ArgCmp(2, CMP_MASKED_EQ, PROT_EXEC, 0))
    else:
        rule(ALLOW, name)

if lib.seccomp_load(ctx) != 0:
    sys.exit('unit-sandbox: seccomp_load failed')
os.execvp(command[0], command)
