#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# report.py [--sip-lines FILE] CAPTURE PORT UE_IP: what an MDF received on
# X2/X3, as tshark decodes it (`tshark -d tcp.port==PORT,5gli`), one line per X2 PDU (type,
# payload format, XID, correlation ID, sequence number and the SIP start
# line the record carries), then the X3 PDUs counted per direction and the
# keepalives. tshark is the oracle: every header value printed is a field
# tshark decoded; only the SIP start line is read from the payload bytes
# tshark hands out, because Debian 12's tshark 4.0 knows the xIRI module
# but not its IMS events (Documentation/records.rst).
# The xIRI event is named from the BER of the payload (XIRIPayload's
# event [2] and the CHOICE tag inside it).
# --sip-lines FILE: also writes the X2 PDUs to FILE, one per line: the SIP
# start line or the event's name (the end-to-end test compares it with
# the wire), from the same tshark run.
# Exit status: 0 with PDUs, 1 when there were none, 2 on a tshark error.
import collections
import json
import re
import subprocess
import sys

START = re.compile(rb'(SIP/2\.0 [1-6][0-9][0-9] [^\r\n]*|'
                   rb'[A-Z]+ (sips?|tel):[^ \r\n]+ SIP/2\.0)')
PDU_TYPES = {1: 'X2', 2: 'X3', 3: 'keepalive', 4: 'keepalive-ack'}
PF = {2: 'xIRI', 5: 'IPv4', 6: 'IPv6', 8: 'RTP', 9: 'SIP', 12: 'GTP-U'}


def as_list(v):
    return v if isinstance(v, list) else [v]


def first(layer, name):
    v = layer.get(name)
    if v is None:
        return None
    return as_list(v)[0]


EVENTS = {105: 'iMSMessage', 106: 'startOfInterceptionForActiveIMSSession',
          107: 'iMSCCUnavailable'}


def tlv(b, i):
    """(class+constructed bits, tag number, content start, end) at b[i]."""
    c = b[i]
    tag = c & 0x1f
    i += 1
    if tag == 0x1f:
        tag = 0
        while True:
            tag = tag << 7 | (b[i] & 0x7f)
            i += 1
            if not b[i - 1] & 0x80:
                break
    n = b[i]
    i += 1
    if n & 0x80:
        k = n & 0x7f
        n = int.from_bytes(b[i:i + k], 'big')
        i += k
    return c & 0xe0, tag, i, i + n


def xiri_event(b):
    """XIRIPayload ::= SEQUENCE { oid [1], event [2] XIRIEvent }"""
    try:
        _, _, i, end = tlv(b, 0)
        while i < end:
            cls, tag, s, e = tlv(b, i)
            if cls == 0xa0 and tag == 2:
                _, ev, _, _ = tlv(b, s)
                return ev
            i = e
    except IndexError:
        pass
    return None


def walk(tree, out):
    """li5g layers nest their fields in subtrees: flatten them."""
    for k, v in tree.items():
        if isinstance(v, dict):
            walk(v, out)
        elif k not in out:
            out[k] = v
    return out


def main():
    args = sys.argv[1:]
    sip_lines = None
    if args[:1] == ['--sip-lines']:
        sip_lines = open(args[1], 'w')
        args = args[2:]
    cap, port, ue = args
    p = subprocess.run(['tshark', '-n', '-r', cap, '-d',
                        'tcp.port==%s,5gli' % port, '-Y', '5gli',
                        '-T', 'json', '--no-duplicate-keys', '-x'], capture_output=True)
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode(errors='replace'))
        return 2
    frames = json.loads(p.stdout or b'[]')
    x2 = []
    x3 = collections.Counter()
    other = collections.Counter()
    malformed = 0
    for f in frames:
        layers = f['_source']['layers']
        if '_ws.malformed' in layers or '_ws.expert' in layers:
            malformed += 1
        pdus = as_list(layers.get('5gli', []))
        raws = as_list(layers.get('5gli_raw', []))
        # 5gli_raw is [hex, offset, len, ...] per PDU
        if raws and not isinstance(raws[0], list):
            raws = [raws]
        for i, pdu in enumerate(pdus):
            fl = walk(pdu, {})
            t = int(first(fl, 'li5g.type') or 0)
            pf = int(first(fl, 'li5g.pf') or 0)
            kind = PDU_TYPES.get(t, 'type %d' % t)
            if kind == 'X2':
                raw = bytes.fromhex(raws[i][0]) if i < len(raws) else b''
                hl = int(first(fl, 'li5g.hl') or 0)
                pl = raw[hl:]
                ev = xiri_event(pl) if pf == 2 else None
                m = START.search(pl)
                what = m.group(0).decode(errors='replace') if m else ''
                if ev is not None and ev != 105:
                    what = EVENTS.get(ev, 'event [%d]' % ev)
                if sip_lines:
                    sip_lines.write((what or '(no SIP start line)') + '\n')
                x2.append('%s pf=%s%s xid=%s cid=%s seq=%s %s' % (
                    kind, PF.get(pf, pf),
                    ' %s' % EVENTS.get(ev, ev) if ev else '',
                    first(fl, 'li5g.xid'), first(fl, 'li5g.cid'),
                    first(fl, 'li5g.sq'),
                    what or '(no SIP start line in the payload)'))
            elif kind == 'X3':
                src = first(fl, 'li5g.srcip') or first(fl, 'li5g.srcipv6')
                d = ('from the UE' if src == ue else
                     'to the UE' if src else 'direction not given')
                x3['%s pf=%s' % (d, PF.get(pf, pf))] += 1
            else:
                other[kind] += 1
    if sip_lines:
        sip_lines.close()
    for n, line in enumerate(x2, 1):
        print('  %3d  %s' % (n, line))
    print('  X2 PDUs: %d' % len(x2))
    for k in sorted(x3):
        print('  X3 PDUs %s: %d' % (k, x3[k]))
    print('  X3 PDUs: %d' % sum(x3.values()))
    for k in sorted(other):
        print('  %s PDUs: %d' % (k, other[k]))
    print('  frames tshark flags as malformed or with expert info: %d'
          % malformed)
    return 0 if x2 or x3 else 1


if __name__ == '__main__':
    sys.exit(main())
