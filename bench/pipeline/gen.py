#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# gen.py OUT.pcap CALLS RTP: a capture of CALLS sipp-like calls between
# UE 10.45.0.7 and P-CSCF 10.46.0.1 (INVITE with SDP, 100, 180, 200 with
# SDP, ACK, RTP packets in both directions, BYE, 200), one after the
# other, each with its own Call-ID, tags, branches and media ports; RTP
# packets per call (both directions together). Raw IPv4 link type, UDP.
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '../../selftests/lmisf'))
from inet_pkt import ip4  # noqa: E402 (after its path)

UE, PCSCF = '10.45.0.7', '10.46.0.1'


def udp(src, dst, sport, dport, payload):
    u = struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload
    return ip4(socket.inet_aton(src), socket.inet_aton(dst), 17, u,
               frag=0x4000)


def sdp(addr, port):
    return ('v=0\r\no=- 1 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\n'
            'm=audio %d RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\n'
            'a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n'
            % (addr, addr, port))


def msg(start, hdrs, body=''):
    h = start + '\r\n' + ''.join(k + ': ' + v + '\r\n' for k, v in hdrs)
    if body:
        h += 'Content-Type: application/sdp\r\n'
    h += 'Content-Length: %d\r\n\r\n' % len(body)
    return (h + body).encode()


def call(i, rtp):
    cid = 'bench-%d@%s' % (i, UE)
    frm = '<sip:+31612345678@ims.example.net>;tag=f%d' % i
    to = '<sip:+31687654321@ims.example.net>'
    tot = to + ';tag=t%d' % i
    via = 'SIP/2.0/UDP %s:5060;branch=z9hG4bK%d' % (UE, i)
    vb = 'SIP/2.0/UDP %s:5060;branch=z9hG4bKb%d' % (UE, i)
    ruri = 'sip:+31687654321@ims.example.net'
    ue_p, ims_p = 10000 + 2 * (i % 20000), 30000 + 2 * (i % 15000)
    base = [('Max-Forwards', '70'),
            ('P-Preferred-Identity', '<sip:+31612345678@ims.example.net>'),
            ('P-Access-Network-Info',
             '3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=001010001000019B')]

    def req(m, r, v, t, seq, body=''):
        return msg('%s %s SIP/2.0' % (m, r),
                   [('Via', v), ('From', frm), ('To', t), ('Call-ID', cid),
                    ('CSeq', '%d %s' % (seq, m)),
                    ('Contact', '<sip:%s:5060>' % UE)] + base, body)

    def resp(st, v, t, seq, m, body=''):
        return msg('SIP/2.0 ' + st,
                   [('Via', v), ('From', frm), ('To', t), ('Call-ID', cid),
                    ('CSeq', '%d %s' % (seq, m)),
                    ('Contact', '<sip:%s:5060>' % PCSCF)], body)

    up = (UE, PCSCF, 5060, 5060)
    dn = (PCSCF, UE, 5060, 5060)
    out = [(up, req('INVITE', ruri, via, to, 1, sdp(UE, ue_p))),
           (dn, resp('100 Trying', via, to, 1, 'INVITE')),
           (dn, resp('180 Ringing', via, tot, 1, 'INVITE')),
           (dn, resp('200 OK', via, tot, 1, 'INVITE', sdp(PCSCF, ims_p))),
           (up, req('ACK', 'sip:%s:5060' % PCSCF, via.replace('K', 'Ka', 1),
                    tot, 1))]
    for k in range(rtp):
        hdr = struct.pack('!BBHII', 0x80, 8, k & 0xffff, k * 160,
                          0x1000 + i) + b'\xd5' * 160
        if k % 2:
            out.append(((PCSCF, UE, ims_p, ue_p), hdr))
        else:
            out.append(((UE, PCSCF, ue_p, ims_p), hdr))
    out.append((up, req('BYE', 'sip:%s:5060' % PCSCF, vb, tot, 2)))
    out.append((dn, resp('200 OK', vb, tot, 2, 'BYE')))
    return out


def main():
    path, calls, rtp = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    t = 1700000000.0
    with open(path, 'wb') as f:
        # pcap, microseconds, snaplen 65535, LINKTYPE_RAW (101)
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
        for i in range(calls):
            for (s, d, sp, dp), p in call(i, rtp):
                pkt = udp(s, d, sp, dp, p)
                t += 0.0002
                sec = int(t)
                f.write(struct.pack('<IIII', sec, int((t - sec) * 1e6),
                                    len(pkt), len(pkt)) + pkt)


if __name__ == '__main__':
    main()
