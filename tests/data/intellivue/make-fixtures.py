#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the IntelliVue Data Export fixtures: NAME.bin (what the monitor
sends) and NAME.jsonl (what `vigil-probe --protocol intellivue --file
NAME.bin` prints, host times removed), plus the seed corpus.

Independent of the C code: its own CRC-16/X.25, escaping and message
encoding, written from the protocol facts (PROTOCOLS.md section 4).
Run from anywhere; writes next to itself. Standard library only.
"""

import calendar
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

# ---- framing ----

def crc16_x25(data, crc=0xFFFF):
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return crc

def fcs(data):
    return crc16_x25(data) ^ 0xFFFF

assert fcs(b"123456789") == 0x906E

def escape(data):
    out = bytearray()
    for b in data:
        if b in (0xC0, 0xC1, 0x7D):
            out += bytes([0x7D, b ^ 0x20])
        else:
            out.append(b)
    return bytes(out)

def unescaped_frame(user, header=None):
    if header is None:
        header = bytes([0x11, 0x01]) + struct.pack(">H", len(user))
    f = fcs(header + user)
    return header + user + bytes([f & 0xFF, f >> 8])

def frame(user, header=None):
    return b"\xC0" + escape(unescaped_frame(user, header)) + b"\xC1"

# ---- messages ----

def u16(v):
    return struct.pack(">H", v)

def u32(v):
    return struct.pack(">I", v)

def spdu(kind, body):
    assert len(body) < 255
    return bytes([kind, len(body)]) + body

SESSION_DATA = bytes([0x05, 0x08, 0x13, 0x01, 0x00, 0x16, 0x01, 0x02, 0x80, 0x00, 0x14, 0x02, 0x00, 0x02])

def accept():
    # Session data, presentation header, a little BER and the user info:
    # the parser only checks the type and length indicator.
    user_info = u32(0x80000000) + u32(0x40000000) + u32(0) + u32(0x00800000) + u32(0x20000000) + u16(0) + u16(0)
    pres = bytes([0x31, 0x80, 0xA0, 0x80, 0x61, 0x80, 0xBE, 0x80, 0x28, 0x80, 0x81, len(user_info)]) + user_info + bytes(16)
    body = SESSION_DATA + bytes([0xC1, len(pres)]) + pres
    if len(body) >= 255:
        return bytes([0x0E, 0xFF]) + u16(len(body)) + body
    return spdu(0x0E, body)

def refuse():
    return spdu(0x0C, bytes([0x32, 0x01, 0x00]))

def abort():
    return spdu(0x19, bytes([0x11, 0x01, 0x03, 0xC1, 0x02, 0xA0, 0x80]))

def remote_op(ro_type, invoke, command, body, linked=None):
    op = u16(invoke) + u16(command) + u16(len(body)) + body
    if ro_type == 5:
        op = bytes(linked) + op
    return u16(0xE100) + u16(2) + u16(ro_type) + u16(len(op)) + op

MDS = u16(0x21) + u16(0) + u16(0)

def abs_time(y, mo, d, h, mi, s, cs=0):
    def bcd(v):
        return ((v // 10) << 4) | (v % 10)
    return bytes([bcd(y // 100), bcd(y % 100), bcd(mo), bcd(d), bcd(h), bcd(mi), bcd(s), bcd(cs)])

def abs_time_us(y, mo, d, h, mi, s, cs=0):
    return (calendar.timegm((y, mo, d, h, mi, s)) * 100 + cs) * 10000

NO_TIME = bytes([0xFF] * 8)

def ava(attr, value):
    return u16(attr) + u16(len(value)) + value

def string(text):
    raw = text.encode()
    if len(raw) % 2:
        raw += b"\0"
    return u16(len(raw)) + raw

def mds_create(invoke, model="MP50"):
    attrs = [ava(0x0987, abs_time(2026, 11, 28, 10, 0, 0)), ava(0x098F, u32(8000))]
    if model is not None:
        attrs.append(ava(0x0928, string("Philips Medical Systems") + string(model)))
    info = MDS + u16(len(attrs)) + u16(sum(map(len, attrs))) + b"".join(attrs)
    body = MDS + u32(8000) + u16(0x0D06) + u16(len(info)) + info
    return remote_op(1, invoke, 1, body)

HR, SPO2, PR = 0x4182, 0x4BB8, 0x4822
SYS, DIA, MEAN = 0x4A05, 0x4A06, 0x4A07
BPM, PCT, MMHG, KPA = 0x0AA0, 0x0220, 0x0F20, 0x0F03

def flt(mantissa, exponent=0):
    return ((exponent & 0xFF) << 24) | (mantissa & 0xFFFFFF)

def nu(physio, value, unit, state=0):
    return u16(physio) + u16(state) + u16(unit) + u32(value)

def simple(handle, physio, value, unit, state=0):
    return (handle, [ava(0x0950, nu(physio, value, unit, state))])

def compound(handle, values, time=None):
    elems = b"".join(nu(p, v, unit, state) for p, v, unit, state in values)
    attrs = [ava(0x094B, u16(len(values)) + u16(len(elems)) + elems)]
    if time is not None:
        attrs.append(ava(0x0990, time))
    return (handle, attrs)

def observation_poll(handle, attrs):
    return u16(handle) + u16(len(attrs)) + u16(sum(map(len, attrs))) + b"".join(attrs)

def poll_reply(seq, objects, time=NO_TIME, poll_number=1, obj_type=(1, 6)):
    polls = b"".join(observation_poll(h, a) for h, a in objects)
    contexts = u16(0) + u16(len(objects)) + u16(len(polls)) + polls if objects else b""
    info = u16(1 if objects else 0) + u16(len(contexts)) + contexts
    return (u16(poll_number) + u16(seq) + u32(seq * 8000) + time +
            u16(obj_type[0]) + u16(obj_type[1]) + u16(0) + info)

def poll_result(seq, objects, invoke=1, time=NO_TIME, linked=None, obj_type=(1, 6)):
    reply = poll_reply(seq, objects, time, obj_type=obj_type)
    body = MDS + u16(0xF13B) + u16(len(reply)) + reply
    return remote_op(5 if linked else 2, invoke, 7, body, linked)

# ---- expected probe output ----

def json_string(text):
    out = '"'
    for ch in text:
        if ch in '"\\':
            out += "\\" + ch
        elif ord(ch) < 0x20:
            out += "\\u%04x" % ord(ch)
        else:
            out += ch
    return out + '"'

def num(v):
    return "null" if v is None else "%g" % v

UNITS = {"hr": "/min", "pr": "/min", "spo2": "%", "nibp": "mmHg"}

def obs(param, value, quality=("valid",), time=0, age=0):
    out = '{"type":"observation","parameter":"%s"' % param
    if param == "nibp":
        sys_, dia, mean = value
        out += ',"systolic":%s,"diastolic":%s,"mean":%s' % (num(sys_), num(dia), num(mean))
    else:
        out += ',"value":%s' % num(value)
    out += ',"unit":"%s","quality":[%s]' % (UNITS[param], ",".join('"%s"' % q for q in quality))
    if time:
        out += ',"device_time_us":%d' % time
    if age > 0:
        out += ',"age_us":%d' % age
    return out + "}"

def nibp_obs(values, nibp_time_us=0, reply_time_us=0):
    """A NIBP reading dated by its own time stamp (0: none); it was already
    reply - nibp old when the poll result was sent, both on the monitor's
    clock: no age without both times or when not older than the result."""
    age = reply_time_us - nibp_time_us if nibp_time_us and reply_time_us else 0
    return obs("nibp", values, time=nibp_time_us, age=age)

def absent(param, time=0):
    return obs(param, None, (), time)

def event(kind, message, parameter=None):
    out = '{"type":"technical","event":"%s"' % kind
    if parameter is not None:
        out += ',"parameter":"%s"' % parameter
    return out + ',"message":%s}' % json_string(message)

def frame_error(message):
    return event("frame-error", message)

PORT_HINT = "Check that the port is the monitor's MIB/RS-232 data export port."

def malformed(detail):
    return frame_error("Dropped a malformed message from the monitor (%s). %s" % (detail, PORT_HINT))

NOISE = frame_error("Ignored bytes between frames. Check the baud rate (115200) and that "
                    "the port is the monitor's MIB/RS-232 data export port.")
UNFINISHED = frame_error("Dropped an unfinished frame (a new frame began before it ended). Check the cable.")
BAD_FCS = frame_error("Dropped a frame with a bad checksum. Check the cable and the baud rate.")
BAD_HEADER = frame_error("Dropped a frame with an unknown header. " + PORT_HINT)
BAD_LENGTH = frame_error("Dropped a frame whose length field does not match its size. Check the cable.")
TOO_SHORT = frame_error("Dropped a frame too short to hold a header and checksum. "
                        "Check the cable and the baud rate.")
DEMO = event("demo-data", "The monitor sends demo data: Vigil ignores it. "
             "Switch the monitor out of demo mode to see the patient's values.")
REFUSED = event("device-notice", "The IntelliVue monitor refused the data export connection. "
                "Ask IT to enable data export on the MIB/RS-232 port in the monitor's service mode.")
ENDED = event("device-notice", "The IntelliVue monitor ended the data export connection. "
              "Vigil connects again in a few seconds.")

def lost(n):
    return frame_error("%d poll result%s lost. Check the cable." % (n, "" if n == 1 else "s"))

def impossible(label, value):
    return frame_error("%s %g is impossible: value dropped." % (label, value))

# ---- fixtures ----

T0 = abs_time(2026, 11, 28, 10, 0, 1)
T0_US = abs_time_us(2026, 11, 28, 10, 0, 1)
NIBP_T = abs_time(2026, 11, 28, 9, 58, 30, 25)
NIBP_T_US = abs_time_us(2026, 11, 28, 9, 58, 30, 25)

def vitals(hr=72, spo2=98, pr=71):
    return [simple(1, HR, flt(hr), BPM), simple(2, SPO2, flt(spo2), PCT), simple(3, PR, flt(pr), BPM)]

def nibp(sys_=120, dia=80, mean=93, unit=MMHG, time=NIBP_T, exponent=0):
    return compound(4, [(SYS, flt(sys_, exponent), unit, 0), (DIA, flt(dia, exponent), unit, 0),
                        (MEAN, flt(mean, exponent), unit, 0)], time)

def session():
    """The monitor's side of a whole session: accept, MDS create, results."""
    data = frame(accept()) + frame(mds_create(7))
    data += frame(poll_result(0, vitals() + [nibp()], invoke=1, time=T0))
    data += frame(poll_result(1, vitals(73, 97, 72) + [nibp()], invoke=2, time=T0))
    expected = [obs("hr", 72, time=T0_US), obs("spo2", 98, time=T0_US), obs("pr", 71, time=T0_US),
                nibp_obs((120, 80, 93), NIBP_T_US, T0_US),
                obs("hr", 73, time=T0_US), obs("spo2", 97, time=T0_US), obs("pr", 72, time=T0_US)]
    return data, expected

def find_fcs_escape(make):
    """The first variant whose FCS holds a byte that must be escaped."""
    for i in range(1, 65536):
        user = make(i)
        raw = unescaped_frame(user)
        if raw[-2] in (0xC0, 0xC1, 0x7D) or raw[-1] in (0xC0, 0xC1, 0x7D):
            return i, user
    raise AssertionError("no variant")

def escapes():
    """0x7D/0xC0/0xC1 in the header (length 0x7D), the data and the FCS."""
    data = b""
    # Data: HR 125 (0x7D), SpO2 FLOAT 0xC0..., PR 0xC1: all escaped.
    objs = [simple(0x7D, HR, flt(125), BPM), simple(0xC0C1, SPO2, flt(0xC0 - 96), PCT),
            simple(0x7DC0, PR, flt(0xC1 - 100), BPM)]
    # Pad with an object the parser skips to reach a given length.
    def padded(seq, objects, target):
        base = len(poll_result(seq, objects + [(9, [ava(0x0924, b"")])]))
        user = poll_result(seq, objects + [(9, [ava(0x0924, bytes(target - base))])])
        assert len(user) == target
        return user
    data += frame(padded(0, objs, 0x017D))           # length low byte 0x7D
    data += frame(padded(1, [simple(1, HR, flt(60), BPM)], 0xC0))
    data += frame(padded(2, [simple(1, HR, flt(59), BPM)], 0xC1))
    # FCS bytes to escape.
    _, user = find_fcs_escape(lambda i: poll_result(3, [simple(1, HR, flt(61), BPM), (9, [ava(0x0924, u16(i))])]))
    data += frame(user)
    expected = [obs("hr", 125), obs("spo2", 96), obs("pr", 93), obs("hr", 60), obs("hr", 59), obs("hr", 61)]
    return data, expected

def aborted():
    """A frame aborted by 0x7D 0xC1 between two good ones."""
    good1 = frame(poll_result(0, [simple(1, HR, flt(80), BPM)]))
    partial = frame(poll_result(1, [simple(1, HR, flt(81), BPM)]))[:20] + b"\x7D\xC1"
    good2 = frame(poll_result(1, [simple(1, HR, flt(82), BPM)]))
    return good1 + partial + good2, [obs("hr", 80), obs("hr", 82)]

def floats():
    """FLOAT examples and specials."""
    data = frame(poll_result(0, [simple(1, HR, 0xFD007D00, BPM)]))            # 32.0
    data += frame(poll_result(1, [simple(1, HR, 0x02000020, BPM)]))           # 3200: impossible
    data += frame(poll_result(2, [simple(1, HR, 0x007FFFFF, BPM),              # NaN
                                  simple(2, SPO2, 0x00800000, PCT),            # NRes
                                  simple(3, PR, 0x007FFFFE, BPM)]))            # +INF
    data += frame(poll_result(3, [simple(1, HR, 0x00800002, BPM),              # -INF
                                  simple(2, SPO2, flt(975, -1), PCT),          # 97.5
                                  simple(3, PR, flt(-5), BPM)]))               # negative
    expected = [obs("hr", 32), impossible("Heart rate", 3200),
                absent("hr"), absent("spo2"), absent("pr"),
                absent("hr"), obs("spo2", 97.5), impossible("Pulse rate", -5)]
    return data, expected

def states():
    """Measurement states: questionable, invalid, unavailable, demo."""
    data = frame(poll_result(0, [simple(1, HR, flt(70), BPM, 0x4000),
                                 simple(2, SPO2, flt(99), PCT, 0x8000),
                                 simple(3, PR, flt(70), BPM, 0x2000)]))
    data += frame(poll_result(1, [simple(1, HR, flt(70), BPM, 0x0400),
                                  simple(2, SPO2, flt(99), PCT, 0x0400)]))
    data += frame(poll_result(2, [simple(1, HR, flt(71), BPM, 0x0400)]))
    data += frame(poll_result(3, [simple(1, HR, flt(72), BPM, 0x0002)]))   # in alarm: fine
    data += frame(poll_result(4, [simple(1, HR, flt(73), BPM, 0x0400)]))
    expected = [obs("hr", 70, ("valid", "questionable")), absent("spo2"), absent("pr"),
                DEMO, absent("hr"), absent("spo2"),
                absent("hr"),
                obs("hr", 72),
                DEMO, absent("hr")]
    return data, expected

def linked():
    """A result in three linked parts, merged; then broken linked parts."""
    first = (1, 1)
    middle = (2, 2)
    last = (3, 3)
    data = frame(poll_result(0, [simple(1, HR, flt(66), BPM)], invoke=5, linked=first, time=T0))
    data += frame(poll_result(0, [simple(2, SPO2, flt(95), PCT), simple(3, PR, flt(65), BPM)],
                              invoke=5, linked=middle, time=T0))
    data += frame(poll_result(0, [nibp(110, 70, 83)], invoke=5, linked=last, time=T0))
    # A middle part without its first part.
    data += frame(poll_result(1, [simple(1, HR, flt(67), BPM)], invoke=6, linked=middle))
    # A first part, then a last part whose count skips one.
    data += frame(poll_result(1, [simple(1, HR, flt(68), BPM)], invoke=7, linked=first))
    data += frame(poll_result(1, [simple(1, HR, flt(69), BPM)], invoke=7, linked=(3, 3)))
    expected = [obs("hr", 66, time=T0_US), obs("spo2", 95, time=T0_US), obs("pr", 65, time=T0_US),
                nibp_obs((110, 70, 83), NIBP_T_US, T0_US),
                malformed("a linked result part without its first part"),
                malformed("linked result parts out of order")]
    return data, expected

def kpa():
    """NIBP in kPa, the same reading again (not repeated), a new one."""
    k = 7.50062
    data = frame(poll_result(0, [nibp(160, 107, 124, KPA, exponent=-1)]))
    data += frame(poll_result(1, [nibp(160, 107, 124, KPA, exponent=-1)]))
    later = abs_time(2026, 11, 28, 10, 3, 30)
    data += frame(poll_result(2, [nibp(160, 107, 124, KPA, later, exponent=-1)]))
    # No reading yet (invalid values): nothing.
    data += frame(poll_result(3, [compound(4, [(SYS, 0x007FFFFF, MMHG, 0x8000),
                                                (DIA, 0x007FFFFF, MMHG, 0x8000),
                                                (MEAN, 0x007FFFFF, MMHG, 0x8000)])]))
    values = (160 / 10.0 * k, 107 / 10.0 * k, 124 / 10.0 * k)
    # The results have no time of their own (NO_TIME): no age.
    expected = [nibp_obs(values, NIBP_T_US),
                nibp_obs(values, abs_time_us(2026, 11, 28, 10, 3, 30))]
    return data, expected

def errors():
    """Garbage, truncated, bad-FCS and malformed frames between good ones."""
    good = lambda seq, hr: frame(poll_result(seq, [simple(1, HR, flt(hr), BPM)]))
    data = b"\x55\xAA" + good(0, 60)                 # leading bytes: skipped quietly
    data += b"garbage" + good(1, 61)                 # bytes between frames
    data += good(2, 62)[:15] + good(3, 63)           # truncated: a BOF before its EOF
    bad = bytearray(good(4, 64)); bad[-2] ^= 0x01     # FCS byte flipped
    data += bytes(bad) + good(4, 64)
    user = poll_result(5, [simple(1, HR, flt(65), BPM)])
    data += frame(user, header=bytes([0x12, 0x01]) + u16(len(user)))       # protocol id
    data += frame(user, header=bytes([0x11, 0x01]) + u16(len(user) + 1))   # length
    data += b"\xC0\x11\xC1"                          # too short
    # Good FCS, but the poll info list claims more than there is.
    broken = bytearray(user); broken[len(user) - 27] += 2   # its length's low byte
    data += frame(bytes(broken))
    data += good(5, 65)
    data += good(8, 68)                              # sequence 6 and 7 lost
    data += good(9, 69)
    data += good(11, 71)                             # one lost
    expected = [obs("hr", 60), NOISE, obs("hr", 61), UNFINISHED, lost(1), obs("hr", 63),
                BAD_FCS, obs("hr", 64), BAD_HEADER, BAD_LENGTH, TOO_SHORT,
                None,  # filled below: the malformed message
                obs("hr", 65), lost(2), obs("hr", 68), obs("hr", 69), lost(1), obs("hr", 71)]
    return data, expected, bytes(broken)

def session_end():
    """Refused, then accepted and aborted by the monitor."""
    data = frame(refuse()) + frame(accept()) + frame(mds_create(1, None))
    data += frame(poll_result(0, [simple(1, HR, flt(90), BPM)]))
    data += frame(abort())
    return data, [REFUSED, obs("hr", 90), ENDED]

def write(name, data, expected):
    with open(os.path.join(HERE, name + ".bin"), "wb") as f:
        f.write(data)
    with open(os.path.join(HERE, name + ".jsonl"), "w", encoding="utf-8") as f:
        for line in expected:
            f.write(line + "\n")

def main():
    write("session", *session())
    write("escapes", *escapes())
    write("aborted", *aborted())
    write("floats", *floats())
    write("states", *states())
    write("linked", *linked())
    write("kpa", *kpa())
    data, expected, broken = errors()
    # Which length breaks depends on the layout: name what the parser says.
    expected[expected.index(None)] = malformed(ERRORS_DETAIL)
    write("errors", data, expected)
    write("session-end", *session_end())

    corpus = os.path.join(HERE, "corpus")
    os.makedirs(corpus, exist_ok=True)
    seeds = {
        "session": session()[0],
        "escapes": escapes()[0],
        "aborted": aborted()[0],
        "floats": floats()[0],
        "linked": linked()[0],
        "kpa": kpa()[0][:600],
        "errors": data[:1200],
        "session-end": session_end()[0],
        "mds-create": frame(mds_create(3)),
    }
    # Seeds whose first byte has its top bit set hold messages, each after
    # a u16 length: the fuzz target frames them itself.
    def messages(*users):
        return b"".join(u16(len(u)) + u for u in users)
    messages_seeds = {
        "messages-session": messages(accept(), mds_create(7), poll_result(0, vitals() + [nibp()], time=T0)),
        "messages-linked": messages(poll_result(0, [simple(1, HR, flt(66), BPM)], linked=(1, 1)),
                                    poll_result(0, [simple(2, SPO2, flt(95), PCT)], linked=(2, 2)),
                                    poll_result(0, [nibp(16, 10, 12, KPA, exponent=-1)], linked=(3, 3))),
        "messages-end": messages(refuse(), abort(), spdu(0x09, bytes(4)), poll_result(3, [], obj_type=(1, 9))),
    }
    for name, seed in messages_seeds.items():
        with open(os.path.join(corpus, name), "wb") as f:
            f.write(b"\x87" + seed)
    for name, seed in seeds.items():
        assert len(seed) < 4096, name
        # The first byte seeds the fuzz target's chunk sizes.
        with open(os.path.join(corpus, name), "wb") as f:
            f.write(b"\x07" + seed)

ERRORS_DETAIL = "poll info list length does not match"

if __name__ == "__main__":
    main()
