#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# adv_recv.py IFACE OUTFILE READYFILE: records what arrives on IFACE of
# adv_send.py's packets, one line per packet, "CASE DIGEST LENGTH", the
# digest over the IP packet with what a router or a phase may change set
# to constants (TTL/hop limit, IPv4 checksum, the identification or flow
# label carrying the phase, IPv6 fragment identifications). Two phases
# that forward the same packets unchanged give the same lines. Stops one
# second after the end marker (case 999), or after 120 s. OUTFILE.cases
# says how many cases arrived from the UE and from the router.
import hashlib
import ipaddress
import os
import socket
import struct
import sys
import time

SRC4 = {ipaddress.ip_address(a).packed for a in ('10.0.1.2', '10.0.2.1')}
SRC6 = {ipaddress.ip_address(a).packed for a in ('fd01::2', 'fd02::1')}


def norm4(p):
    if len(p) < 20 or p[12:16] not in SRC4:
        return None
    ident = struct.unpack('!H', p[4:6])[0]
    if not 1000 <= ident < 3000:
        return None
    b = bytearray(p)
    b[4:6] = struct.pack('!H', ident % 1000)
    b[8] = 0
    b[10:12] = b'\0\0'
    return ident % 1000, bytes(b)


def norm6(p):
    if len(p) < 40 or p[8:24] not in SRC6:
        return None
    flow = struct.unpack('!I', p[0:4])[0] & 0xfffff
    if not 1000 <= flow < 3000:
        return None
    # the router's own neighbour discovery and MLD (random flow labels)
    if p[6] == 58 and len(p) > 40 and p[40] in (130, 131, 132, 133, 134,
                                                 135, 136, 137, 143):
        return None
    b = bytearray(p)
    b[0:4] = struct.pack('!I', 6 << 28 | flow % 1000)
    b[7] = 0
    nh, off = b[6], 40
    for _ in range(300):
        if nh not in (0, 43, 44, 60) or off + 8 > len(b):
            break
        if nh == 44:
            b[off + 4:off + 8] = b'\0' * 4
            nh, off = b[off], off + 8
        else:
            nh, off = b[off], off + (b[off + 1] + 1) * 8
    return flow % 1000, bytes(b)


def main():
    iface, out, ready = sys.argv[1:4]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    s.bind((iface, 0))
    s.settimeout(0.2)
    open(ready, 'w').close()
    lines, cases, end, start = [], set(), None, time.time()
    while time.time() - start < 120 and (end is None or
                                         time.time() - end < 1):
        try:
            frame, addr = s.recvfrom(70000)
        except socket.timeout:
            continue
        if addr[2] == socket.PACKET_OUTGOING:
            continue
        etype = struct.unpack('!H', frame[12:14])[0]
        r = norm4(frame[14:]) if etype == 0x0800 else \
            norm6(frame[14:]) if etype == 0x86dd else None
        if not r:
            continue
        if r[0] == 999:
            end = time.time()
            continue
        lines.append('%d %s %d' % (r[0], hashlib.sha1(r[1]).hexdigest()[:16],
                                   len(r[1])))
        cases.add(r[0])
    with open(out + '.tmp', 'w') as f:
        f.write(''.join(x + '\n' for x in sorted(lines)))
        if end is not None:
            f.write('end\n')
    os.rename(out + '.tmp', out)
    # cases below 60 come from the UE, the others from the router itself
    with open(out + '.cases', 'w') as f:
        f.write('%d %d\n' % (len([c for c in cases if c < 60]),
                             len([c for c in cases if c >= 60])))


main()
