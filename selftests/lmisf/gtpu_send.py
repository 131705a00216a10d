#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# gtpu_send.py OUTER_SRC OUTER_DST SPEC...: sends GTP-U over UDP (port 2152
# unless port=N, from and to it), one SPEC after the other. A SPEC is
# KIND[,key=value...], count=N repeats it:
#   tpdu    T-PDU: teid=, isrc=, idst= (IPv4 or IPv6 inner), iproto=udp|tcp,
#           isport=, idport=, ext=1 (PDU session container), seq=1 (S flag)
#   echo    Echo Request (type 1), not a T-PDU
#   trunc   3 bytes of a GTP header
#   badlen  a T-PDU whose length field exceeds the datagram
#   badext  E flag with an extension header of length 0
#   extloop E flag with an extension chain running past the datagram
#   badver  GTP version 2 header with type 255
#   nested  a T-PDU carrying a UDP/2152 T-PDU (teid=, teid2=, isrc=, idst=)
# Plain sockets and struct: scapy takes minutes to import under TCG.
import ipaddress
import socket
import struct
import sys

from inet_pkt import ip4, ip6, l4_csum


def inner(o):
    src, dst = o.get('isrc', '10.9.0.1'), o.get('idst', '10.8.0.1')
    sport, dport = int(o.get('isport', 5000)), int(o.get('idport', 6000))
    payload = b'INVITE sip:x SIP/2.0\r\n' + b'p' * 40
    tcp = o.get('iproto') == 'tcp'
    proto = 6 if tcp else 17
    if tcp:
        l4 = struct.pack('!HHIIBBHHH', sport, dport, 1, 0, 5 << 4, 0x02,
                         65535, 0, 0) + payload
    else:
        l4 = struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload
    s, d = ipaddress.ip_address(src).packed, ipaddress.ip_address(dst).packed
    c = l4_csum(s, d, proto, l4) or 0xffff
    l4 = l4[:16] + struct.pack('!H', c) + l4[18:] if tcp else \
        l4[:6] + struct.pack('!H', c) + l4[8:]
    if len(s) == 4:
        return ip4(s, d, proto, l4, ident=1)
    return ip6(s, d, proto, l4)


def gtp(teid, payload, mtype=0xff, flags=0x30, opt=b''):
    body = opt + payload
    return struct.pack('!BBHI', flags, mtype, len(body), teid) + body


def build(kind, o):
    teid = int(o.get('teid', '0x1'), 0)
    if kind == 'tpdu':
        if o.get('ext'):
            # S/E flags, seq 0, N-PDU 0, next ext 0x85 (PDU session container,
            # 1 word: QFI 9), then no more extensions.
            opt = struct.pack('!HBB', 0, 0, 0x85) + bytes([1, 0x10, 9, 0])
            return gtp(teid, inner(o), flags=0x34, opt=opt)
        if o.get('seq'):
            return gtp(teid, inner(o), flags=0x32,
                       opt=struct.pack('!HBB', 7, 0, 0))
        return gtp(teid, inner(o))
    if kind == 'echo':
        return gtp(0, b'', mtype=1, flags=0x32, opt=struct.pack('!HBB', 1, 0, 0))
    if kind == 'trunc':
        return b'\x30\xff\x00'
    if kind == 'badlen':
        h = gtp(teid, inner(o))
        return h[:2] + struct.pack('!H', len(h) + 100) + h[4:]
    if kind == 'badext':
        opt = struct.pack('!HBB', 0, 0, 0x85) + bytes([0, 0, 0, 0])
        return gtp(teid, inner(o), flags=0x34, opt=opt)
    if kind == 'extloop':
        # Extension words claim 200 words: past the end of the datagram.
        opt = struct.pack('!HBB', 0, 0, 0x85) + bytes([200, 0, 0, 0x85])
        return gtp(teid, b'', flags=0x34, opt=opt)
    if kind == 'badver':
        return struct.pack('!BBHI', 0x50, 0xff, 0, teid)
    if kind == 'nested':
        inside = gtp(int(o.get('teid2', '0x2'), 0), inner(o))
        udp = struct.pack('!HHHH', 2152, 2152, 8 + len(inside), 0) + inside
        return gtp(teid, ip4(bytes([10, 7, 0, 1]), bytes([10, 7, 0, 2]), 17,
                             udp, ident=1))
    raise SystemExit('unknown kind ' + kind)


def main():
    if len(sys.argv) < 4:
        raise SystemExit('usage: gtpu_send.py OUTER_SRC OUTER_DST SPEC...')
    src, dst = sys.argv[1], sys.argv[2]
    fam = socket.AF_INET6 if ':' in src else socket.AF_INET
    socks = {}
    for spec in sys.argv[3:]:
        kind, *kv = spec.split(',')
        o = dict(x.split('=', 1) for x in kv)
        port = int(o.get('port', 2152))
        if port not in socks:
            sk = socket.socket(fam, socket.SOCK_DGRAM)
            sk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sk.bind((src, port))
            socks[port] = sk
        data = build(kind, o)
        for _ in range(int(o.get('count', 1))):
            socks[port].sendto(data, (dst, port))


main()
