#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes the Masimo ASCII 1 byte fixtures (*.bin), what vigil-probe must
# print for each (*.jsonl, host times removed) and the fuzzing seed corpus.
# Every line here is written by hand next to what it must yield; nothing is
# computed by the C code. Device times are computed for TZ=UTC.
# Run from this directory: python3 make-fixtures.py

import calendar
import os
import time

# The messages are part of the contract with nurses and IT: they must
# match devices/vigil-masimo-parser.c word for word.
CHECK_ASCII1 = "Check that the pulse oximeter's serial output is set to ASCII 1."
CHECK_CABLE = "Check the cable and the baud rate."

SENSOR_OFF_MESSAGES = {
    0x01000: "SpO2: no patient cable connected to the oximeter. Connect the cable.",
    0x02000: "SpO2: the oximeter's patient cable has expired. Replace the cable.",
    0x00001: "SpO2: no sensor connected to the oximeter. Connect a sensor.",
    0x40000: "SpO2: the sensor has expired. Replace the sensor.",
    0x00002: "SpO2: the oximeter reports a defective sensor. Replace the sensor.",
    0x00080: "SpO2: the oximeter does not recognise the sensor. Use a compatible Masimo sensor.",
    0x00020: "SpO2: the sensor is off the patient. Check the finger probe.",
}
SIGNAL_POOR_MESSAGES = {
    0x00008: "SpO2: the oximeter is searching for a pulse. Check the sensor site.",
    0x00004: "SpO2: low perfusion, readings may be unreliable. Check the sensor site and warm the hand.",
    0x00400: "SpO2: low signal quality, readings may be unreliable. Check the sensor and reduce patient motion.",
    0x00010: "SpO2: interference on the sensor signal, readings may be unreliable. Check for nearby equipment and motion.",
    0x00040: "SpO2: too much ambient light on the sensor, readings may be unreliable. Cover the sensor.",
}
SENSOR_ON = "SpO2: the oximeter's sensor is working again."
SIGNAL_GOOD = "SpO2: the oximeter's signal is good again."
CALIBRATING = "SpO2: the oximeter is calibrating the sensor; values follow when it is done."
LOW_BATTERY = "The pulse oximeter's battery is low. Connect it to mains power."


def malformed_field(token):
    return "Dropped a line with a malformed field \u201c%s\u201d. %s" % (token[:24], CHECK_ASCII1)


def malformed_value(token):
    return ("Dropped a line with a malformed or impossible value \u201c%s\u201d. %s"
            % (token[:24], CHECK_ASCII1))


def given_twice(key):
    return "Dropped a line with %s given twice. %s" % (key, CHECK_CABLE)


NO_KNOWN_KEY = ("Dropped a line without any Masimo field (SPO2, BPM, EXC). " + CHECK_ASCII1)
STRAY_CR = "Dropped a line with a stray carriage return. " + CHECK_CABLE
HALF_CLOCK = ("Dropped a line with a date but no time, or a time but no date. " + CHECK_CABLE)
DATE_TWICE = "Dropped a line with the date given twice. " + CHECK_CABLE
TIME_TWICE = "Dropped a line with the time given twice. " + CHECK_CABLE
OVERLONG = "Dropped a line longer than 512 bytes. " + CHECK_ASCII1


def impossible_clock(text):
    return ("Dropped a line with an impossible date or time %s. "
            "Check the pulse oximeter's clock." % text)


def not_text(byte):
    return ("Dropped a line with a byte that is not text (0x%02X). "
            "Check the baud rate (9600 for ASCII 1) and the cable." % byte)


# JSON exactly as devices/vigil-observation.c and vigil-technical-event.c
# write it (without the host times the probe test removes).
def json_string(text):
    out = '"'
    for ch in text:
        if ch in '"\\':
            out += '\\' + ch
        elif ord(ch) < 0x20:
            out += '\\u%04x' % ord(ch)
        else:
            out += ch
    return out + '"'


def number(value):
    return 'null' if value is None else '%g' % value


def device_time(stamp):
    """'MM/DD/YY HH:MM:SS' read in UTC, in microseconds."""
    t = time.strptime(stamp, '%m/%d/%y %H:%M:%S')
    return calendar.timegm(t) * 1000000


def observation(parameter, unit, value, quality, pi, stamp):
    out = '{"type":"observation","parameter":"%s","value":%s' % (parameter, number(value))
    if pi is not None:
        out += ',"perfusion_index":%s' % number(pi)
    out += ',"unit":"%s","quality":[%s]' % (unit, ','.join('"%s"' % q for q in quality))
    if stamp is not None:
        out += ',"device_time_us":%d' % device_time(stamp)
    return out + '}'


VALID = ['valid']
DOUBT = ['valid', 'questionable']
OFF = ['sensor-off']
ABSENT = []


def spo2(value, quality=VALID, pi=None, t=None):
    return observation('spo2', '%', value, quality, pi, t)


def pr(value, quality=VALID, t=None):
    return observation('pr', '/min', value, quality, None, t)


def event(kind, message, parameter='spo2'):
    out = '{"type":"technical","event":"%s"' % kind
    if parameter is not None:
        out += ',"parameter":"%s"' % parameter
    return out + ',"message":%s}' % json_string(message)


def error(message):
    return event('frame-error', message, None)


def sensor_off(bit):
    return event('sensor-off', SENSOR_OFF_MESSAGES[bit])


def signal_poor(bit):
    return event('signal-poor', SIGNAL_POOR_MESSAGES[bit])


SENSOR_ON_EVENT = event('sensor-on', SENSOR_ON)
SIGNAL_GOOD_EVENT = event('signal-good', SIGNAL_GOOD)


class Capture:
    def __init__(self):
        self.data = bytearray()
        self.expected = []

    def line(self, text, *items, end='\r\n'):
        self.data += (text + end).encode('latin-1')
        self.expected += items

    def raw(self, data, *items):
        self.data += data
        self.expected += items


captures = {}

# The three example lines of PROTOCOLS.md §2: three models, with and
# without SN and "%", two- and four-digit ALARM, 3- and 6-digit EXC.
c = captures['examples'] = Capture()
T1 = '12/01/05 11:56:29'
c.line(T1 + ' SN=0123456789 SPO2=098% BPM=240 PI=20.00% SPCO=01.0% SPMET=00.5% '
       'DESAT=01 PIDELTA=-02 PVI=027 ALARM=0000 EXC=000820',
       # 0x820: SET mode (not a fault) and sensor off: the numbers on the
       # line are not trusted.
       sensor_off(0x20), spo2(None, OFF, t=T1), pr(None, OFF, t=T1))
T2 = '09/15/10 15:10:29'
c.line(T2 + ' SPO2=097% BPM=064 PI=11.82% ALARM=20 EXC=800',
       SENSOR_ON_EVENT, spo2(97, pi=11.82, t=T2), pr(64, t=T2))
T3 = '03/19/16 13:37:12'
c.line(T3 + ' SN=0000093112 SPO2=---% BPM=--- DESAT=-- PIDELTA=+-- ALARM=0000 EXC=000001',
       sensor_off(0x01), spo2(None, OFF, t=T3), pr(None, OFF, t=T3))

# Every EXC bit, each followed by a clean line.
c = captures['exceptions'] = Capture()
T = '06/01/21 08:00:00'
CLEAN = T + ' SN=0000093112 SPO2=098% BPM=072 PI=03.50% ALARM=0000 EXC=000000'
c.line(CLEAN, spo2(98, pi=3.5, t=T), pr(72, t=T))
for bit in (0x1, 0x2, 0x20, 0x80, 0x1000, 0x2000, 0x40000):
    c.line(T + ' SN=0000093112 SPO2=---% BPM=--- PI=--.--% ALARM=0010 EXC={:06X}'.format(bit),
           sensor_off(bit), spo2(None, OFF, t=T), pr(None, OFF, t=T))
    c.line(CLEAN, SENSOR_ON_EVENT, spo2(98, pi=3.5, t=T), pr(72, t=T))
for bit in (0x4, 0x10, 0x40, 0x400):
    c.line(T + ' SN=0000093112 SPO2=093% BPM=081 PI=00.40% ALARM=0000 EXC={:06X}'.format(bit),
           signal_poor(bit), spo2(93, DOUBT, pi=0.4, t=T), pr(81, DOUBT, t=T))
    c.line(CLEAN, SIGNAL_GOOD_EVENT, spo2(98, pi=3.5, t=T), pr(72, t=T))
# Pulse search: the rate is dashes, the saturation still shown but doubted.
c.line(T + ' SN=0000093112 SPO2=095% BPM=--- PI=--.--% ALARM=0000 EXC=000008',
       signal_poor(0x8), spo2(95, DOUBT, t=T), pr(None, ABSENT, t=T))
c.line(CLEAN, SIGNAL_GOOD_EVENT, spo2(98, pi=3.5, t=T), pr(72, t=T))
# SET mode is a setting, not a fault.
c.line(T + ' SN=0000093112 SPO2=098% BPM=072 PI=03.50% ALARM=0000 EXC=000800',
       spo2(98, pi=3.5, t=T), pr(72, t=T))
# Calibrating: no values yet, one notice.
c.line(T + ' SN=0000093112 SPO2=098% BPM=072 PI=03.50% ALARM=0000 EXC=020000',
       event('device-notice', CALIBRATING), spo2(None, ABSENT, t=T), pr(None, ABSENT, t=T))
c.line(T + ' SN=0000093112 SPO2=---% BPM=--- PI=--.--% ALARM=0000 EXC=020000',
       spo2(None, ABSENT, t=T), pr(None, ABSENT, t=T))
c.line(CLEAN, spo2(98, pi=3.5, t=T), pr(72, t=T))
# Several at once: one event names the most specific new condition; a new
# one is announced again; SENSOR_ON only when the last one clears.
c.line(T + ' SPO2=---% BPM=--- EXC=001001',
       sensor_off(0x1000), spo2(None, OFF, t=T), pr(None, OFF, t=T))
c.line(T + ' SPO2=---% BPM=--- EXC=001021',
       sensor_off(0x20), spo2(None, OFF, t=T), pr(None, OFF, t=T))
c.line(T + ' SPO2=---% BPM=--- EXC=000001',
       spo2(None, OFF, t=T), pr(None, OFF, t=T))
c.line(T + ' SPO2=---% BPM=--- EXC=000009',
       signal_poor(0x8), spo2(None, OFF, t=T), pr(None, OFF, t=T))
c.line(T + ' SPO2=090% BPM=--- EXC=00000C',
       SENSOR_ON_EVENT, signal_poor(0x4), spo2(90, DOUBT, t=T), pr(None, ABSENT, t=T))
c.line(T + ' SPO2=091% BPM=070 EXC=0004',
       spo2(91, DOUBT, t=T), pr(70, DOUBT, t=T))
# Lower-case hex, 7 digits; then a line without EXC reports no condition.
# 0xa0: unrecognised sensor and sensor off; low perfusion has cleared.
c.line(T + ' SPO2=092% BPM=070 EXC=00000a0',
       sensor_off(0x80), SIGNAL_GOOD_EVENT, spo2(None, OFF, t=T), pr(None, OFF, t=T))
c.line(T + ' SPO2=093% BPM=071',
       SENSOR_ON_EVENT, spo2(93, t=T), pr(71, t=T))

# ALARM: only low battery is news for Vigil (it has its own alarms).
c = captures['alarm'] = Capture()
T = '06/01/21 09:00:00'
c.line(T + ' SPO2=085% BPM=150 ALARM=1F EXC=000', spo2(85, t=T), pr(150, t=T))
c.line(T + ' SPO2=097% BPM=070 ALARM=40 EXC=000',
       event('device-notice', LOW_BATTERY, None), spo2(97, t=T), pr(70, t=T))
c.line(T + ' SPO2=097% BPM=070 ALARM=0040 EXC=000', spo2(97, t=T), pr(70, t=T))
c.line(T + ' SPO2=097% BPM=070 ALARM=00 EXC=000', spo2(97, t=T), pr(70, t=T))
c.line(T + ' SPO2=097% BPM=070 ALARM=000070 EXC=000',
       event('device-notice', LOW_BATTERY, None), spo2(97, t=T), pr(70, t=T))

# Line ends and spacing: CR LF, bare LF, blank lines, runs of spaces, no
# "%", fields in another order, unknown keys, no date at all.
c = captures['line-endings'] = Capture()
T = '01/31/24 23:59:59'
c.line(T + ' SPO2=099% BPM=060 PI=1.5% EXC=000', spo2(99, pi=1.5, t=T), pr(60, t=T))
c.line(T + ' SPO2=098 BPM=061 PI=2 EXC=000', spo2(98, pi=2, t=T), pr(61, t=T), end='\n')
c.raw(b'\r\n\n   \r\n')
# Whatever the order on the line, SpO2 comes out before the pulse rate.
c.line('  ' + T + '   BPM=062  SPO2=97   EXC=000  ', spo2(97, t=T), pr(62, t=T))
c.line(T + ' SPHB=12.3 RRA=--- SPOC=--.- SPO2=096% BPM=063 FUTURE_KEY=x/y EXC=000',
       spo2(96, t=T), pr(63, t=T), end='\n')
c.line('SPO2=095% BPM=064 PI=0.02% EXC=000', spo2(95, pi=0.02), pr(64))
c.line(T + ' SPO2=100% BPM=000 PI=--.--% EXC=000', spo2(100, t=T), pr(0, t=T))
c.line(T + ' SPO2=000% BPM=350 PI=100 EXC=000', spo2(0, pi=100, t=T), pr(350, t=T))
c.line(T + ' SPCO=01.0% ALARM=0000', end='\n')

# Bad lines between good ones: each drops the whole line, nothing of it is
# used; the good lines around still are.
c = captures['bad-lines'] = Capture()
T = '02/29/24 12:00:00'
GOOD = T + ' SPO2=098% BPM=072 EXC=000'
GOOD_ITEMS = (spo2(98, t=T), pr(72, t=T))
c.line(GOOD, *GOOD_ITEMS)
c.line('hello world', error(malformed_field('hello')))
c.line(T + ' SPO2=097% BP', error(malformed_field('BP')))
c.line(T + ' SPO2=097% BPM=', error(malformed_value('BPM=')))
c.line(T + ' SPO2=101% BPM=072', error(malformed_value('SPO2=101%')))
c.line(T + ' SPO2=98.5.1 BPM=072', error(malformed_value('SPO2=98.5.1')))
c.line(T + ' SPO2=097% BPM=351', error(malformed_value('BPM=351')))
c.line(T + ' SPO2=097% BPM=72.0', error(malformed_value('BPM=72.0')))
c.line(T + ' SPO2=097% BPM=-72', error(malformed_value('BPM=-72')))
c.line(T + ' SPO2=097% PI=1.2345%', error(malformed_value('PI=1.2345%')))
c.line(T + ' SPO2=097% PI=100.01', error(malformed_value('PI=100.01')))
c.line(T + ' SPO2=097% ALARM=4', error(malformed_value('ALARM=4')))
c.line(T + ' SPO2=097% ALARM=0000040', error(malformed_value('ALARM=0000040')))
c.line(T + ' SPO2=097% EXC=20', error(malformed_value('EXC=20')))
c.line(T + ' SPO2=097% EXC=00000020', error(malformed_value('EXC=00000020')))
c.line(T + ' SPO2=097% EXC=00G', error(malformed_value('EXC=00G')))
c.line(T + ' SPO2=097% SN=12-34', error(malformed_value('SN=12-34')))
c.line(T + ' SPO2=097% SPO2=096%', error(given_twice('SPO2')))
c.line(T + ' SN=1 SN=1 SPO2=097%', error(given_twice('SN')))
c.line(T + ' ' + T + ' SPO2=097%', error(DATE_TWICE))
c.line(T + ' 12:00:01 SPO2=097%', error(TIME_TWICE))
c.line('02/29/24 SPO2=097%', error(HALF_CLOCK))
c.line('13/01/24 12:00:00 SPO2=097%', error(impossible_clock('13/01/24 12:00:00')))
c.line('02/30/24 12:00:00 SPO2=097%', error(impossible_clock('02/30/24 12:00:00')))
c.line('02/28/24 24:00:00 SPO2=097%', error(impossible_clock('02/28/24 24:00:00')))
c.line('02/2a/24 12:00:00 SPO2=097%', error(malformed_field('02/2a/24')))
c.line(T + ' FOO=1 spo2=097% bpm=072', error(NO_KNOWN_KEY))
c.line(T, error(NO_KNOWN_KEY))
c.line(T + ' =5 SPO2=097%', error(malformed_field('=5')))
c.line(T + ' 9SPO2=097%', error(malformed_field('9SPO2=097%')))
c.line(T + ' SPO2=097%\rBPM=072', error(STRAY_CR))
c.line(T + ' SPO2=097% BPM=072 A_VERY_LONG_UNKNOWN_TOKEN_WITHOUT_EQUALS',
       error(malformed_field('A_VERY_LONG_UNKNOWN_TOKEN_WITHOUT_EQUALS')))
c.line(GOOD, *GOOD_ITEMS)
# A byte that is not text: the rest of the line up to its LF is skipped.
c.raw((T + ' SPO2=0\x0097% BPM=072\r\n').encode('latin-1'), error(not_text(0x00)))
c.raw((T + ' SPO2=097% BPM=07\xe92\r\n').encode('latin-1'), error(not_text(0xE9)))
c.raw((T + '\t SPO2=097%\n').encode('latin-1'), error(not_text(0x09)))
# 512 bytes before the LF pass, 513 do not (CR LF and bare LF).
pad = ' UNKNOWN=' + 'x' * 600
long_ok = (GOOD + pad)[:511]
c.line(long_ok, *GOOD_ITEMS)                     # 511 + CR = 512
c.line(long_ok + 'x', error(OVERLONG))           # 512 + CR = 513
c.line((GOOD + pad)[:512], *GOOD_ITEMS, end='\n')  # 512
c.line((GOOD + pad)[:513], error(OVERLONG), end='\n')
c.line(GOOD + pad * 4, error(OVERLONG))
c.line(GOOD, *GOOD_ITEMS)
# A line cut short by a glitch and run into the next one.
c.raw((T + ' SPO2=097% BP' + GOOD + '\r\n').encode('latin-1'),
      error(malformed_field('BP02/29/24')))
c.line(GOOD, *GOOD_ITEMS)

# The port opened in the middle of a line: that tail is dropped quietly;
# then everything counts.
c = captures['mid-line'] = Capture()
T = '07/04/19 10:20:30'
c.raw(b'% BPM=064 PI=11.82% ALARM=20 EXC=800\r\n')
c.line(T + ' SN=0000093112 SPO2=097% BPM=064 PI=11.82% ALARM=0000 EXC=000000',
       spo2(97, pi=11.82, t=T), pr(64, t=T))
c.line('noise after sync', error(malformed_field('noise')))
c.line(T + ' SN=0000093112 SPO2=096% BPM=065', spo2(96, t=T), pr(65, t=T))
# An unfinished line at the end of the capture: nothing, not an error.
c.raw((T + ' SN=0000093112 SPO2=09').encode('latin-1'))

# A tail that happens to be a readable line is used: the numbers in it
# are whole tokens, so they are the device's.
c = captures['mid-line-readable'] = Capture()
c.raw(b'BPM=064 PI=11.82% ALARM=20 EXC=800\r\n', pr(64))
c.line('07/04/19 10:20:31 SPO2=097% BPM=064 EXC=800', spo2(97, t='07/04/19 10:20:31'),
       pr(64, t='07/04/19 10:20:31'))

# Rad-8 style lines as the simulator writes them, sensor off and back.
c = captures['rad8-sensor-off'] = Capture()
seq = [
    ('08/10/23 14:00:00', 'SPO2=097% BPM=071 PI=03.12% SPCO=01.0% SPMET=00.5% DESAT=00 '
     'PIDELTA=+00 PVI=014 ALARM=0000 EXC=000000', [spo2(97, pi=3.12), pr(71)]),
    ('08/10/23 14:00:01', 'SPO2=---% BPM=--- PI=--.--% SPCO=--.-% SPMET=--.-% DESAT=-- '
     'PIDELTA=+-- PVI=--- ALARM=0010 EXC=000020',
     [sensor_off(0x20), spo2(None, OFF), pr(None, OFF)]),
    ('08/10/23 14:00:02', 'SPO2=---% BPM=--- PI=--.--% SPCO=--.-% SPMET=--.-% DESAT=-- '
     'PIDELTA=+-- PVI=--- ALARM=0010 EXC=000020', [spo2(None, OFF), pr(None, OFF)]),
    ('08/10/23 14:00:03', 'SPO2=094% BPM=--- PI=--.--% SPCO=01.0% SPMET=00.5% DESAT=00 '
     'PIDELTA=+00 PVI=015 ALARM=0000 EXC=000008',
     [SENSOR_ON_EVENT, signal_poor(0x8), spo2(94, DOUBT), pr(None, ABSENT)]),
    ('08/10/23 14:00:04', 'SPO2=096% BPM=070 PI=03.20% SPCO=01.0% SPMET=00.5% DESAT=00 '
     'PIDELTA=+00 PVI=015 ALARM=0000 EXC=000000',
     [SIGNAL_GOOD_EVENT, spo2(96, pi=3.2), pr(70)]),
]
for stamp, fields, items in seq:
    stamped = []
    for item in items:
        if item.startswith('{"type":"observation"'):
            item = item[:-1] + ',"device_time_us":%d}' % device_time(stamp)
        stamped.append(item)
    c.line(stamp + ' SN=0000093112 ' + fields, *stamped)


def write(name, data):
    with open(name, 'wb') as f:
        f.write(data)


for name, capture in captures.items():
    write(name + '.bin', bytes(capture.data))
    write(name + '.jsonl', ''.join(item + '\n' for item in capture.expected).encode('utf-8'))

# The seed corpus: the first byte is the fuzz target's chunk-size seed.
corpus = {
    'examples': b'\x00' + bytes(captures['examples'].data),
    'exceptions': b'\x07' + bytes(captures['exceptions'].data)[:3000],
    'alarm': b'\x03' + bytes(captures['alarm'].data),
    'line-endings': b'\x05' + bytes(captures['line-endings'].data),
    'bad-lines': b'\x0b' + bytes(captures['bad-lines'].data)[:1500],
    'overlong': b'\x3f' + b'\r\n' + (GOOD + pad * 2).encode() + b'\r\n' + GOOD.encode() + b'\n',
    'mid-line': b'\x02' + bytes(captures['mid-line'].data),
    'rad8': b'\x09' + bytes(captures['rad8-sensor-off'].data),
    'noise': b'\x01' + b'\xff\xfe\x00\r\r\n' + b'x' * 40 + b'\n' + GOOD.encode() + b'\r\n',
}

os.makedirs('corpus', exist_ok=True)
for name, data in corpus.items():
    assert len(data) < 4096, name
    write(os.path.join('corpus', name), data)
