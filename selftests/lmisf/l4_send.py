#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# l4_send.py SRC DST PROTO SPORT DPORT [COUNT]: sends COUNT (default 1)
# TCP or SCTP packets (a TCP RST+ACK with 32 bytes of data, or an SCTP
# DATA chunk) from SRC:SPORT to DST:DPORT over a raw socket, so media flows
# of those protocols are exercised without a peer or the sctp module. No
# reply comes back on the same ports: nobody answers a RST, and a host
# without SCTP answers with ICMP.
# The kernel writes the IP header; TCP carries a valid checksum, SCTP a
# zero CRC32c (nothing on the path verifies it).
import ipaddress
import socket
import struct
import sys

from inet_pkt import l4_csum


def main():
    if len(sys.argv) < 6:
        raise SystemExit('usage: l4_send.py SRC DST tcp|sctp SPORT DPORT [N]')
    src, dst, proto = sys.argv[1], sys.argv[2], sys.argv[3]
    sport, dport = int(sys.argv[4]), int(sys.argv[5])
    count = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    s, d = ipaddress.ip_address(src), ipaddress.ip_address(dst)
    fam = socket.AF_INET6 if s.version == 6 else socket.AF_INET
    payload = b'm' * 32
    if proto == 'tcp':
        num = socket.IPPROTO_TCP
        l4 = struct.pack('!HHIIBBHHH', sport, dport, 1, 1, 5 << 4, 0x14,
                         65535, 0, 0) + payload
        c = l4_csum(s.packed, d.packed, num, l4)
        l4 = l4[:16] + struct.pack('!H', c) + l4[18:]
    elif proto == 'sctp':
        num = 132
        data = struct.pack('!BBHIHHI', 0, 3, 16 + len(payload), 1, 0, 0, 0)
        l4 = struct.pack('!HHII', sport, dport, 1, 0) + data + payload
    else:
        raise SystemExit('unknown protocol ' + proto)
    sk = socket.socket(fam, socket.SOCK_RAW, num)
    sk.bind((src, 0))
    for _ in range(count):
        sk.sendto(l4, (dst, 0))


main()
