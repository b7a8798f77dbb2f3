#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes the byte fixtures (*.bin) of the GE S/5 Computer Interface, the
# JSON lines vigil-probe must print for each (*.jsonl, host times removed)
# and the fuzzing seed corpus. Records, escaping and checksums are encoded
# here on their own, independently of the C code, from PROTOCOLS.md §1.
# Run from this directory: python3 make-fixtures.py

import os
import struct

FLAG = 0x7E
ESC = 0x7D

T0 = 1700000000          # Unix seconds of the first record
INVALID = -32767
SPECIALS = [-32767, -32766, -32765, -32764, -32763, -32762]
EXISTS = 1 << 0
ACTIVE = 1 << 1
ON = EXISTS | ACTIVE
NIBP_AUTO = 1 << 3
NIBP_OLD = 1 << 8

# sr_type / phdb_rcrd_type
XMIT_REQ, DISPLAYED, TREND_10S, AUX = 0, 1, 2, 4

# ---------------------------------------------------------------- encoding


def escape(data):
    out = bytearray()
    for b in data:
        if b in (FLAG, ESC):
            out += bytes([ESC, b ^ 0x20])
        else:
            out.append(b)
    return bytes(out)


def unescape(data):
    out = bytearray()
    it = iter(data)
    for b in it:
        if b == ESC:
            out.append(next(it) | 0x20)
        else:
            out.append(b)
    return bytes(out)


def checksum(record):
    return sum(record) & 0xFF


def frame(record, cs=None):
    """Flag, escaped record and checksum, flag."""
    if cs is None:
        cs = checksum(record)
    return bytes([FLAG]) + escape(record + bytes([cs])) + bytes([FLAG])


def record(subrecords, maintype=0, dri=10, r_nbr=0, r_time=T0, r_len=None,
           descs=None, want_checksum=None):
    """A record: header with the sr_desc table, then the subrecords
    (sr_type, bytes) back to back. With want_checksum, r_nbr is chosen so
    that the record sums to that byte."""
    body = b''
    table = []
    for sr_type, data in subrecords:
        table.append((len(body), sr_type))
        body += data
    if descs is not None:
        table = descs
    table = table + [(0, 0xFF)]
    table += [(0, 0)] * (8 - len(table))
    if r_len is None:
        r_len = 40 + len(body)

    def build(nbr):
        head = struct.pack('<HBBHIIH', r_len, nbr, dri, 0, r_time, 0, maintype)
        for offset, sr_type in table[:8]:
            head += struct.pack('<hB', offset, sr_type)
        assert len(head) == 40
        return head + body

    rec = build(r_nbr)
    if want_checksum is not None:
        rec = build((r_nbr + want_checksum - checksum(rec)) & 0xFF)
        assert checksum(rec) == want_checksum
    return rec


def request(rcrd_type, tx_ival, classes, dri):
    head = struct.pack('<HBBHIIH', 49, 0, dri, 0, 0, 0, 0)
    head += struct.pack('<hB', 0, XMIT_REQ) + struct.pack('<hB', 0, 0xFF)
    head += b'\0' * (40 - len(head))
    return head + struct.pack('<BhIH', rcrd_type, tx_ival, classes, 0)


def group(data, offset, status, label=0):
    struct.pack_into('<IH', data, offset, status, label)


def i16(data, offset, value):
    struct.pack_into('<h', data, offset, value)


def phdb(time, cls, data):
    assert len(data) == 270
    return struct.pack('<I', time) + bytes(data) + struct.pack('<BBH', 0, 0, cls << 8)


def basic(time, hr=INVALID, spo2=INVALID, pr=INVALID, nibp=(INVALID,) * 3,
          ecg=ON, spo2_status=ON, nibp_status=ON, nibp_label=0):
    """Raw values: hr and pr in 1/min, spo2 and NIBP in 1/100."""
    data = bytearray(270)
    group(data, 0, ecg)
    i16(data, 6, hr)
    group(data, 72, nibp_status, nibp_label)
    i16(data, 78, nibp[0])
    i16(data, 80, nibp[1])
    i16(data, 82, nibp[2])
    i16(data, 84, INVALID)
    group(data, 118, spo2_status)
    i16(data, 124, spo2)
    i16(data, 126, pr)
    i16(data, 128, INVALID)
    return phdb(time, 0, data)


def ext(time, cls, hr_decoy):
    """An extended-class subrecord holding a number where basic has HR."""
    data = bytearray(270)
    group(data, 0, ON)
    i16(data, 6, hr_decoy)
    i16(data, 124, hr_decoy * 100)
    return phdb(time, cls, data)


def aux(nibp_time):
    return struct.pack('<IIIhH', nibp_time, 0, 0, INVALID, 0)

# ------------------------------------------------------- expected output


HINT = 'Check the cable and the line settings (19200 8E1, RTS/CTS).'
UNITS = {'hr': '/min', 'spo2': '%', 'pr': '/min', 'nibp': 'mmHg'}
MESSAGES = {
    'sensor-off': 'SpO2: the S/5 monitor reports the sensor off or not '
                  'connected. Check the finger sensor and its cable.',
    'sensor-on': 'SpO2: the sensor on the S/5 monitor is measuring again.',
    'nibp-failed': 'Blood pressure: the S/5 monitor cleared its reading '
                   '(the measurement failed or was cancelled). '
                   'Check the cuff and measure again.',
    'nibp-old': 'Blood pressure: the S/5 monitor flags its reading as older '
                'than 60 s. Measure again if a current value is needed.',
}
EVENT_PARAM = {'sensor-off': 'spo2', 'sensor-on': 'spo2',
               'nibp-failed': 'nibp', 'nibp-old': 'nibp'}


def num(value):
    return 'null' if value is None else '%g' % value


def obs(param, value, quality, t, age=0):
    """quality: 'valid', 'sensor-off' or '' (absent); age: seconds."""
    if param == 'nibp':
        sys, dia, mean = value
        fields = '"systolic":%s,"diastolic":%s,"mean":%s' % (num(sys), num(dia), num(mean))
    else:
        fields = '"value":%s' % num(value)
    q = '"%s"' % quality if quality else ''
    line = '{"type":"observation","parameter":"%s",%s,"unit":"%s","quality":[%s]' % (
        param, fields, UNITS[param], q)
    if t:
        line += ',"device_time_us":%d' % (t * 1000000)
    if age > 0:
        line += ',"age_us":%d' % (age * 1000000)
    return line + '}'


def values(t, hr=None, spo2=None, pr=None, off=False, spo2_event=None):
    """The three observations of every basic subrecord, None absent; a
    sensor event comes after HR, right before the SpO2 it is about."""
    def one(param, v):
        if off and param != 'hr':
            return obs(param, None, 'sensor-off', t)
        return obs(param, v, 'valid' if v is not None else '', t)
    events = [event(spo2_event)] if spo2_event else []
    return [one('hr', hr)] + events + [one('spo2', spo2), one('pr', pr)]


def nibp(t, sys, dia, mean, aux_t=None):
    """A reading shown in a record of time t. aux_t: the nibp_time of an
    aux record not yet used for a reading, read before it; the reading is
    then dated by it and was already t - aux_t old when sent (no age when
    it is not older than its record)."""
    if aux_t is None:
        return obs('nibp', (sys, dia, mean), 'valid', t)
    return obs('nibp', (sys, dia, mean), 'valid', aux_t, max(t - aux_t, 0))


def event(kind):
    return '{"type":"technical","event":"%s","parameter":"%s","message":"%s"}' % (
        kind, EVENT_PARAM[kind], MESSAGES[kind])


def frame_error(message):
    return '{"type":"technical","event":"frame-error","message":"%s"}' % message


def too_short(n):
    return frame_error('Dropped a frame of %d bytes from the S/5 monitor: too short '
                       'for a record (at least 41). %s' % (n, HINT))


def bad_checksum(candidate):
    """candidate: the unescaped bytes between two flags."""
    return frame_error('Dropped a frame from the S/5 monitor with a bad checksum '
                       '(sent 0x%02X, computed 0x%02X). %s'
                       % (candidate[-1], checksum(candidate[:-1]), HINT))


def length_mismatch(field, actual):
    return frame_error('Dropped a frame from the S/5 monitor whose length field says '
                       '%d bytes but whose record has %d. %s' % (field, actual, HINT))


def overlong():
    return frame_error('Dropped a frame from the S/5 monitor longer than 1600 bytes. %s'
                       % HINT)


def broken_escape():
    return frame_error('Dropped a frame from the S/5 monitor that ends in an escape '
                       'byte. %s' % HINT)


def outside(index):
    return frame_error('Dropped a record from the S/5 monitor whose subrecord %d lies '
                       'outside it. The monitor sends a format Vigil does not '
                       'understand.' % index)

# ---------------------------------------------------------------- fixtures


fixtures = {}   # name -> (bytes, [expected lines])

# The vendor's example: displayed values every 10 s, all classes, level 0.
VENDOR = bytes.fromhex(
    '7e 31 00 00 00 00 00 00 00 00 00 00 00 00 00 00'
    '00 00 00 00 00 00 ff 00 00 00 00 00 00 00 00 00'
    '00 00 00 00 00 00 00 00 00 01 0a 00 0e 00 00 00'
    '00 00 49 7e')
assert frame(request(DISPLAYED, 10, 0x0E, 0)) == VENDOR
fixtures['request'] = (VENDOR, [])

# Displayed values: dispatch on class, escapes inside the record, checksums
# that need escaping, records Vigil does not read.
disp = []
out = []
disp.append(frame(record([(DISPLAYED, basic(T0, 72, 9800, 71, (12000, 8000, 9300)))])))
out += values(T0, 72, 98, 71) + [nibp(T0, 120, 80, 93)]
# ext1 first, basic second; HR 126 = 0x7E and PR 125 = 0x7D escaped; the
# record sums to 0x7E, sent as 7D 5E.
rec = record([(DISPLAYED, ext(T0 + 5, 1, 13)),
              (DISPLAYED, basic(T0 + 5, 126, 9750, 125, (12000, 8000, 9300)))],
             r_time=T0 + 5, want_checksum=0x7E)
f = frame(rec)
assert f[-3:] == bytes([ESC, 0x5E, FLAG]) and b'\x7d\x5e\x00' in f
disp.append(f)
out += values(T0 + 5, 126, 97.5, 125)
# basic, then a 10 s trend and ext3; the record sums to 0x7D, sent as 7D 5D.
rec = record([(DISPLAYED, basic(T0 + 10, 80, 9700, 79, (12000, 8000, 9300))),
              (TREND_10S, basic(T0 + 10, 13, 1300, 13)),
              (DISPLAYED, ext(T0 + 10, 3, 13))],
             r_time=T0 + 10, want_checksum=0x7D)
f = frame(rec)
assert f[-3:] == bytes([ESC, 0x5D, FLAG])
disp.append(f)
out += values(T0 + 10, 80, 97, 79)
# Waveform and alarm records, a request and an unknown subrecord type:
# good frames, nothing to show.
disp.append(frame(record([(0, b'\x13' * 60)], maintype=1, r_time=T0 + 11)))
disp.append(frame(record([(0, b'\x13' * 30)], maintype=4, r_time=T0 + 12)))
disp.append(frame(request(DISPLAYED, 5, 0, 10)))
disp.append(frame(record([(9, b'\x13' * 20)], r_time=T0 + 13)))
# Subrecords not at the front: the table's offsets count, not positions.
rec = record([(9, b'\x13' * 20),
              (DISPLAYED, basic(T0 + 15, 81, 9600, 80, (12000, 8000, 9300)))],
             r_time=T0 + 15)
disp.append(frame(rec))
out += values(T0 + 15, 81, 96, 80)
fixtures['displayed'] = (b''.join(disp), out)

# Every special value in every field, the boundary −32001, impossible and
# absent-module values.
parts = []
out = []
parts.append(frame(record([(DISPLAYED, basic(T0, 60, 9500, 61, (11000, 7000, 8300)))])))
out += values(T0, 60, 95, 61) + [nibp(T0, 110, 70, 83)]
for k, special in enumerate(SPECIALS):
    t = T0 + 5 * (k + 1)
    parts.append(frame(record([(DISPLAYED, basic(t, special, special, special,
                                                 (special,) * 3))], r_time=t)))
    out += values(t)
    if special == INVALID:
        out.append(event('nibp-failed'))
t = T0 + 40
parts.append(frame(record([(DISPLAYED, basic(t, -32001, 10001, 351,
                                             (12000, -32766, 9300)))], r_time=t)))
out += values(t)
t = T0 + 45
parts.append(frame(record([(DISPLAYED, basic(t, -32000, -1, -5,
                                             (8000, 12000, 9300)))], r_time=t)))
out += values(t)
t = T0 + 50
parts.append(frame(record([(DISPLAYED, basic(t, 61, 9600, 62,
                                             (11000, 7000, INVALID)))], r_time=t)))
out += values(t, 61, 96, 62) + [nibp(t, 110, 70, None)]
t = T0 + 55
parts.append(frame(record([(DISPLAYED, basic(t, 70, 9700, 71, (9000, 6000, 7000),
                                             ecg=0, spo2_status=0, nibp_status=0))],
                          r_time=t)))
out += values(t)
# Boundaries that are numbers: 0 and the top of each range.
t = T0 + 60
parts.append(frame(record([(DISPLAYED, basic(t, 0, 10000, 350,
                                             (32000, 0, 30000)))], r_time=t)))
out += values(t, 0, 100, 350) + [nibp(t, 320, 0, 300)]
fixtures['special-values'] = (b''.join(parts), out)

# SpO2 sensor off (module there, measurement inactive, no value) and back.
parts = []
out = []


def spo2_record(t, spo2, pr, status):
    return frame(record([(DISPLAYED, basic(t, 70, spo2, pr, spo2_status=status,
                                           nibp_status=0))], r_time=t))


parts.append(spo2_record(T0, 9700, 70, ON))
out += values(T0, 70, 97, 70)
parts.append(spo2_record(T0 + 5, INVALID, INVALID, EXISTS))
out += values(T0 + 5, 70, off=True, spo2_event='sensor-off')
parts.append(spo2_record(T0 + 10, INVALID, INVALID, EXISTS))
out += values(T0 + 10, 70, off=True)
parts.append(spo2_record(T0 + 15, INVALID, INVALID, ON))     # pulse search
out += values(T0 + 15, 70, spo2_event='sensor-on')
parts.append(spo2_record(T0 + 20, 9600, 72, ON))
out += values(T0 + 20, 70, 96, 72)
parts.append(spo2_record(T0 + 25, -32766, INVALID, EXISTS))
out += values(T0 + 25, 70, off=True, spo2_event='sensor-off')
parts.append(spo2_record(T0 + 30, 9500, 73, EXISTS))          # a value: back on
out += values(T0 + 30, 70, 95, 73, spo2_event='sensor-on')
parts.append(spo2_record(T0 + 35, INVALID, INVALID, 0))       # module removed
out += values(T0 + 35, 70)
fixtures['sensor-off'] = (b''.join(parts), out)

# NIBP with aux records: a reading's time, its age flag, one reading per
# change, a repeated reading with the same values, a failure.
parts = []
out = []


def nibp_record(t, sys, dia, mean, label=NIBP_AUTO):
    return frame(record([(DISPLAYED, basic(t, nibp=(sys, dia, mean), ecg=0,
                                           spo2_status=0, nibp_label=label))],
                        r_time=t))


def aux_record(t, nibp_time):
    return frame(record([(AUX, aux(nibp_time))], r_time=t))


parts.append(aux_record(T0, T0 - 30))
parts.append(nibp_record(T0, 12000, 8000, 9300))
out += values(T0) + [nibp(T0, 120, 80, 93, aux_t=T0 - 30)]
parts.append(nibp_record(T0 + 5, 12000, 8000, 9300))
out += values(T0 + 5)
parts.append(nibp_record(T0 + 35, 12000, 8000, 9300, NIBP_AUTO | NIBP_OLD))
out += values(T0 + 35) + [event('nibp-old')]
parts.append(nibp_record(T0 + 40, 12000, 8000, 9300, NIBP_AUTO | NIBP_OLD))
out += values(T0 + 40)
# The aux record first: the new reading comes with its time.
parts.append(aux_record(T0 + 300, T0 + 298))
parts.append(nibp_record(T0 + 300, 13000, 8500, 10000))
out += values(T0 + 300) + [nibp(T0 + 300, 130, 85, 100, aux_t=T0 + 298)]
# The values first: the record's time, then the late aux record dates it
# without a second observation.
parts.append(nibp_record(T0 + 600, 12550, 8200, 9600))
out += values(T0 + 600) + [nibp(T0 + 600, 125.5, 82, 96)]
parts.append(aux_record(T0 + 600, T0 + 598))
parts.append(nibp_record(T0 + 605, 12550, 8200, 9600))
out += values(T0 + 605)
# The same values measured again: only nibp_time tells.
parts.append(aux_record(T0 + 900, T0 + 898))
parts.append(nibp_record(T0 + 900, 12550, 8200, 9600))
out += values(T0 + 900) + [nibp(T0 + 900, 125.5, 82, 96, aux_t=T0 + 898)]
# A failed measurement clears the values.
parts.append(nibp_record(T0 + 1200, INVALID, INVALID, INVALID))
out += values(T0 + 1200) + [event('nibp-failed')]
parts.append(nibp_record(T0 + 1205, INVALID, INVALID, INVALID))
out += values(T0 + 1205)
# Displayed values and aux in one record, aux listed second: read first.
t = T0 + 1500
parts.append(frame(record([(DISPLAYED, basic(t, nibp=(11800, 7600, 9000), ecg=0,
                                             spo2_status=0)),
                           (AUX, aux(t - 3))], r_time=t)))
out += values(t) + [nibp(t, 118, 76, 90, aux_t=t - 3)]
fixtures['aux-nibp'] = (b''.join(parts), out)

# Damage between good frames.
parts = []
out = []


def good(k):
    t = T0 + 5 * k
    return frame(record([(DISPLAYED, basic(t, 70 + k, spo2_status=0, nibp_status=0))],
                        r_time=t))


def good_out(k):
    return values(T0 + 5 * k, 70 + k)


parts.append(b'\x00\x13 noise before the first flag \xff')
parts.append(good(1))
out += good_out(1)
parts.append(b'ABCDEFG')                              # garbage between frames
out.append(too_short(7))
truncated = good(2)[:120]                             # cut off, no end flag
parts.append(truncated)
out.append(bad_checksum(unescape(truncated[1:])))
parts.append(good(3))
out += good_out(3)
rec = record([(DISPLAYED, basic(T0 + 20, 13, spo2_status=0, nibp_status=0))],
             r_time=T0 + 20)
parts.append(frame(rec, cs=(checksum(rec) + 1) & 0xFF))
out.append(bad_checksum(rec + bytes([(checksum(rec) + 1) & 0xFF])))
# A checksum computed over the escaped bytes (a known defect).
rec = record([(DISPLAYED, basic(T0 + 21, 126, spo2_status=0, nibp_status=0))],
             r_time=T0 + 21)
wrong = checksum(escape(rec))
assert wrong != checksum(rec)
parts.append(frame(rec, cs=wrong))
out.append(bad_checksum(rec + bytes([wrong])))
parts.append(good(4))
out += good_out(4)
rec = record([(DISPLAYED, basic(T0 + 22, 13, spo2_status=0, nibp_status=0))],
             r_time=T0 + 22, r_len=40 + 278 + 1)
parts.append(frame(rec))
out.append(length_mismatch(319, 318))
parts.append(bytes([FLAG]) + b'\x13' * 50 + bytes([ESC, FLAG]))   # escape, then flag
out.append(broken_escape())
parts.append(good(5))
out += good_out(5)
parts.append(bytes([FLAG]) + b'\x11' * 1700 + bytes([FLAG]))      # overlong
out.append(overlong())
parts.append(good(6))
out += good_out(6)
# A checksum of 0x7E sent unescaped as 7E 5E (a known defect): the record
# ends at that 7E and 5E alone is a second, too short frame.
rec = record([(DISPLAYED, basic(T0 + 23, 13, spo2_status=0, nibp_status=0))],
             r_time=T0 + 23, want_checksum=0x7E)
parts.append(bytes([FLAG]) + escape(rec) + bytes([FLAG, 0x5E, FLAG]))
out.append(bad_checksum(rec))
out.append(too_short(1))
# A subrecord that lies outside its record.
rec = record([(DISPLAYED, b'\x13' * 60)], r_time=T0 + 24)
parts.append(frame(rec))
out.append(outside(1))
parts.append(frame(record([(AUX, b'\x13' * 3)], r_time=T0 + 24)))
out.append(outside(1))
rec = record([(DISPLAYED, basic(T0 + 24, 13))], r_time=T0 + 24, descs=[(-2, DISPLAYED)])
parts.append(frame(rec))
out.append(outside(1))
parts.append(good(7))
out += good_out(7)
parts.append(good(8)[:200])                           # unfinished at the end
fixtures['damaged'] = (b''.join(parts), out)

# Back-to-back flags: filler between frames, and one flag shared by two.
parts = [bytes([FLAG] * 3), good(1), bytes([FLAG] * 2), good(2)[:-1], good(3),
         bytes([FLAG] * 4)]
out = good_out(1) + good_out(2) + good_out(3)
fixtures['back-to-back'] = (b''.join(parts), out)

# -------------------------------------------------------------- writing


def write(name, data):
    with open(name, 'wb') as f:
        f.write(data)


for name, (data, lines) in fixtures.items():
    write(name + '.bin', data)
    write(name + '.jsonl', ''.join(line + '\n' for line in lines).encode('utf-8'))

# Seed corpus: the first byte seeds the fuzz target's chunk sizes.
corpus = {
    'request': b'\x00' + VENDOR,
    'displayed': b'\x07' + fixtures['displayed'][0][:400],
    'escaped-checksum': b'\x21' + frame(record(
        [(DISPLAYED, basic(T0, 126, 9750, 125, (12000, 8000, 9300)))],
        want_checksum=0x7E)),
    'aux-nibp': b'\x03' + aux_record(T0, T0 - 30) + nibp_record(T0, 12000, 8000, 9300),
    'sensor-off': b'\x10' + spo2_record(T0, 9700, 70, ON) +
                  spo2_record(T0 + 5, INVALID, INVALID, EXISTS),
    'damaged': b'\x01' + b'ABC' + good(1)[:90] + good(2) + bytes([FLAG, ESC, FLAG]),
    'back-to-back': b'\x3f' + bytes([FLAG] * 3) + good(1)[:-1] + good(2),
}
os.makedirs('corpus', exist_ok=True)
for name, data in corpus.items():
    assert len(data) < 4096, name
    write(os.path.join('corpus', name), data)
