#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkcorpus.sh [TARGET...]: rebuilds the committed seed corpora
# (fuzz/corpus/TARGET) from the project's own test inputs:
#   - the unit tests, linked with fuzz/capture.c, which saves every input
#     they hand to a parser (see there), and fuzz/capture_script.c, which
#     records every IMS layer and decoder they drive as a fuzz_ims or
#     fuzz_decode script;
#   - the sipp scenarios of the demo (tools/demo/*.xml): their messages,
#     with the scenario's [fields] filled in, and the call as a fuzz_ims
#     script;
#   - Documentation/lmisfd.conf.example;
#   - the capture of the last make demo, trimmed, if there is one;
#   - fuzz_decode's own generator (fuzz/mkcorpus_decode.c);
# plus whatever make fuzz grew in build/fuzz/corpus/TARGET. Everything is
# minimised with libFuzzer's -merge=1 (needs make fuzz-build), so what is
# committed is small. Run from agent/; review the diff before committing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
raw=build/capture/raw
rm -rf build/capture
mkdir -p "$raw"
make -s

read -ra libs <<<"$(pkg-config --libs libmnl libssl libcrypto libpcap \
	libprotobuf-c)"
wraps=()
for f in iri_decode lixer_decode x2x3_parse config_parse task_parse_line \
	nlsource_input sdp_parse sip_parse spool_open spool_close \
	pcap_source_open lmisf__iqf__client_message__unpack ims_new decode_new \
	decode_packet decode_flush decode_expire decode_free; do
	wraps+=("-Wl,--wrap=$f")
done
ksrc=$(../tools/ksrc.sh)
for t in ber iri lixer x2x3 x2x3_interop config tasks nlsource spool icf \
	iqf icf_e2e_iqf icf_e2e_ief iqf_tls sdp sip sip_torture sip_uri ims \
	ims_media ims_oracle dialog registration multipart match decode frag \
	tcp replay replay_deliver deliver pcap; do
	[ -f "tests/test_$t.c" ] || continue
	cc -std=c11 -D_GNU_SOURCE -O1 -g -I. -Ibuild/release -I../uapi \
		-isystem "$ksrc/tools/testing/selftests" \
		-o "build/capture/test_$t" "tests/test_$t.c" fuzz/capture.c \
		fuzz/capture_script.c build/release/libagent.a "${wraps[@]}" \
		"${libs[@]}" -lpthread -lm
	# Fixtures that run outside tools (tshark, asn1c) add no inputs.
	FUZZ_CAPTURE_DIR=$PWD/$raw timeout 300 "build/capture/test_$t" \
		-F tshark -F asn1c >"build/capture/test_$t.log" 2>&1 || true
	echo "test_$t: $(grep -c '^ok' "build/capture/test_$t.log") passed"
done

# The demo's sipp scenarios: each <send> message, fields filled in, the
# [last_*] headers from the message it follows; and for fuzz_ims the
# whole call as a script (fuzz_ims.c): the task of tests/ims_flows.h's
# XID A (alice, x2x3), the UAC's messages up, the UAS's down, a tick.
mkdir -p "$raw/fuzz_sip" "$raw/fuzz_sdp" "$raw/fuzz_ims"
python3 - "$raw" ../tools/demo/uac.xml ../tools/demo/uas.xml <<'EOF'
import hashlib, re, struct, sys
import xml.etree.ElementTree as ET

out, uac, uas = sys.argv[1:4]
fill = {"service": "bob", "remote_ip": "10.46.0.1", "remote_port": "5060",
        "local_ip": "10.45.0.2", "local_port": "5060", "transport": "UDP",
        "media_ip": "10.45.0.2", "media_port": "6000", "call_number": "1",
        "cseq": "1", "pid": "42", "local_ip_type": "4", "media_ip_type": "4",
        "call_id": "1-42@10.45.0.2", "branch": "z9hG4bK-42-1-0",
        "domain": "ims.example", "impu_user": "alice", "callee": "bob",
        "imei": "35209900176148"}

def header(msg, name):
    for line in msg.decode().split("\r\n"):
        if line.lower().startswith(name.lower() + ":"):
            return line
    return ""

def render(send, last):
    text = send.text.strip("\n ") + "\n\n"
    text = re.sub(r"\[last_([A-Za-z-]+):?\]",
                  lambda m: header(last, m.group(1)) if last else "", text)
    text = re.sub(r"\[\$?([a-z_]+)[^\]]*\]",
                  lambda m: fill.get(m.group(1), "x"), text)
    lines = [l.strip() for l in text.split("\n")]
    head, _, body = "\n".join(lines).partition("\n\n")
    body = body.strip("\n")
    body = body + "\r\n" if body else ""
    msg = head.replace("\n", "\r\n") + "\r\n\r\n"
    msg = msg.replace("Content-Length: x",
                      "Content-Length: %d" % len(body)) + body
    return msg.encode()

def save(target, data):
    name = hashlib.sha1(data).hexdigest()[:16]
    open("%s/%s/%s" % (out, target, name), "wb").write(data)

def rec(op, data=b""):
    return struct.pack(">BH", op, len(data)) + data

# The UAC's [last_*] are from the UAS's last response, and back.
uac_sends = list(ET.parse(uac).getroot().iter("send"))
script, pos, req, resp, msgs = rec(3), 0, None, None, []
for el in list(ET.parse(uas).getroot()) + [None]:
    # the UAS's waits for a retransmitted INVITE are not steps of the call
    if el is not None and (el.get("optional") or el.get("ontimeout")):
        continue
    while pos < len(uac_sends) and (el is None or el.tag == "recv" and
                                    el.get("request")):
        req = render(uac_sends[pos], resp)
        script += rec(0 | 1 << 3, req)
        msgs.append(req)
        pos += 1
        if el is not None and req.startswith(el.get("request").encode()):
            break
    if el is not None and el.tag == "send":
        resp = render(el, req)
        script += rec(1 | 1 << 3, resp)
        msgs.append(resp)
save("fuzz_ims", script + rec(2 | 31 << 3))
for m in msgs:
    save("fuzz_sip", m)
    body = m.partition(b"\r\n\r\n")[2]
    if body:
        save("fuzz_sdp", body)
EOF

# The demo's capture (make demo), when there is one: its SIP inside
# GTP-U, the first RTP packets and the X2/X3 delivery at the end.
demo=../build/demo/out/wire.pcapng
if [ -f "$demo" ]; then
	mkdir -p "$raw/fuzz_pcap"
	tshark -r "$demo" -w "$raw/fuzz_pcap/demo.pcapng" \
		-Y 'sip || (gtp && frame.number <= 70) || frame.number >= 215'
fi

mkdir -p "$raw/fuzz_config"
cp ../Documentation/lmisfd.conf.example "$raw/fuzz_config/example"

mkdir -p "$raw/fuzz_decode"
cc -std=c11 -D_GNU_SOURCE -I. -Itests fuzz/mkcorpus_decode.c \
	-o build/capture/mkcorpus_decode
build/capture/mkcorpus_decode "$raw/fuzz_decode"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for f in fuzz/fuzz_*.c; do
		targets+=("$(basename "$f" .c)")
	done
fi
for t in "${targets[@]}"; do
	fuzz/run.sh merge "$t" "$raw/$t"
done
du -sh fuzz/corpus
