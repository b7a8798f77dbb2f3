#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the Nonin (data formats 8 and 7) fixtures of this directory.

Every capture X.bin comes with X.jsonl, the lines `vigil-probe --protocol
nonin --file X.bin` prints, host times removed. Frames are encoded here
from PROTOCOLS.md section 3, independently of the C code; the expected
lines follow from what each frame says. df7-packets.pleth lists the pleth
samples the parser must emit for df7-packets.bin; bad-frames.txt how many
bad frames each capture holds. *.cmd are the host's format commands. corpus/ is the fuzzers' seed corpus.

    python3 make-fixtures.py      (from any directory)
"""

import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))

ACK, NAK = 0x06, 0x15
MISSING_HR, MISSING_SPO2 = 511, 127

# The parser's messages, word for word.
MSG_NOISE = ("Ignored bytes from the Nonin oximeter that are not frames. "
             "Check the cable, that the port runs at 9600 baud and that "
             "the oximeter sends data format 7 or 8.")
MSG_DF8_SYNC = ("Lost the frame boundaries in data format 8 from the Nonin "
                "oximeter; finding them again. If this keeps happening, check "
                "the cable and that the port runs at 9600 baud.")
MSG_DF7_SYNC = ("Lost the frame boundaries in data format 7 from the Nonin "
                "oximeter; finding them again. If this keeps happening, check "
                "the cable and that the port runs at 9600 baud.")
MSG_CHECKSUM = ("Dropped a frame from the Nonin oximeter with a bad checksum. "
                "If this keeps happening, check the cable and that the port "
                "runs at 9600 baud.")
MSG_PACKET = ("A data packet from the Nonin oximeter was out of step (its "
              "SYNC frame was missing or early); its numbers were dropped. "
              "If this keeps happening, check the cable.")
MSG_NAK = ("The Nonin oximeter refused a data format command. If no "
           "numbers appear, set it to send data format 7 or 8.")
MSG_SENSOR_OFF = ("SpO2: the Nonin oximeter reports its sensor off or faulty. "
                  "Check that the finger probe is on the patient and plugged in.")
MSG_SENSOR_ON = "SpO2: the Nonin oximeter's sensor is working again."
MSG_OOT = ("SpO2: the Nonin oximeter has lost track of the pulse; its values are "
           "questionable. Check the probe's position and keep the hand still.")
MSG_LOW = ("SpO2: low perfusion at the Nonin probe; its values are questionable. "
           "Warm the hand or move the probe to another finger.")
MSG_ARTIFACT = ("SpO2: motion or other artifact at the Nonin probe; its values are "
                "questionable. Keep the hand still and check the probe.")
MSG_MARGINAL = ("SpO2: marginal perfusion at the Nonin probe; its values are "
                "questionable. Check the probe's position.")
MSG_SIGNAL_GOOD = "SpO2: the Nonin oximeter's signal is good again."
MSG_BATTERY_LOW = ("The Nonin oximeter's battery is low. Replace or charge its "
                   "batteries soon.")
MSG_BATTERY_CRITICAL = ("The Nonin oximeter's battery is almost empty: it is about to "
                        "switch off. Replace or charge its batteries now.")

# Conditions, in the order the parser picks a signal message.
OOT, LOW, ARTIFACT, MARGINAL = "oot", "low", "artifact", "marginal"
SIGNAL_MESSAGES = [(OOT, MSG_OOT), (LOW, MSG_LOW), (ARTIFACT, MSG_ARTIFACT),
                   (MARGINAL, MSG_MARGINAL)]


# ---- encoding ----

def hr_bytes(hr):
    """The 9-bit rate as (bits 8-7, bits 6-0)."""
    return (hr >> 7) & 0x03, hr & 0x7F


def df8_frame(hr, spo2, oot=False, low=False, marginal=False, artifact=False,
              disconnected=False, fault=False, battery_low=False,
              battery_critical=False):
    high, low7 = hr_bytes(hr)
    b1 = 0x80 | high
    b1 |= 0x40 if disconnected else 0
    b1 |= 0x20 if oot else 0
    b1 |= 0x10 if low else 0
    b1 |= 0x08 if marginal else 0
    b1 |= 0x04 if artifact else 0
    b4 = (0x08 if fault else 0) | (0x02 if battery_critical else 0) | \
         (0x01 if battery_low else 0)
    return bytes([b1, low7, spo2, b4])


def df7_frame(status, pleth, float_byte):
    body = [status, (pleth >> 8) & 0xFF, pleth & 0xFF, float_byte]
    return bytes(body + [sum(body) % 256])


PERFUSION = {None: 0x00, "green": 0x02, "red": 0x04, "yellow": 0x06}


def df7_status(sync=False, alarm=False, disconnected=False, artifact=False,
               oot=False, perfusion=None):
    status = 0x80 | PERFUSION[perfusion]
    status |= 0x01 if sync else 0
    status |= 0x08 if alarm else 0
    status |= 0x10 if oot else 0
    status |= 0x20 if artifact else 0
    status |= 0x40 if disconnected else 0
    return status


def packet_floats(hr, spo2, avg_hr=None, avg_spo2=None):
    """FLOAT bytes by frame number 1..25 (index 0 unused)."""
    avg_hr = hr if avg_hr is None else avg_hr
    avg_spo2 = spo2 if avg_spo2 is None else avg_spo2
    floats = [0] * 26
    floats[1], floats[2] = hr_bytes(avg_hr)
    floats[3] = avg_spo2
    floats[9] = spo2
    floats[20], floats[21] = hr_bytes(hr)
    return floats


def default_pleth(n):
    # Anything in the 16-bit range; the high byte keeps bit 7 set so no
    # run of pleth bytes can pass for format 8 frames.
    return 0x8000 + (n * 2477) % 0x7F00


def df7_packet(hr, spo2, start=0, pleth=default_pleth, statuses=None,
               frames=25, sync=True, avg_hr=None, avg_spo2=None):
    """A packet's frames; statuses maps frame number to df7_status kwargs."""
    floats = packet_floats(hr, spo2, avg_hr, avg_spo2)
    out = []
    for number in range(1, frames + 1):
        kwargs = dict((statuses or {}).get(number, {}))
        kwargs["sync"] = sync and number == 1
        # A 26th frame (a packet too long) carries what frame 1 would.
        out.append(df7_frame(df7_status(**kwargs), pleth(start + number - 1),
                             floats[(number - 1) % 25 + 1]))
    return out


def command(fmt):
    return bytes([0x02, 0x70, 0x02, 0x02, fmt, 0x03])


# ---- expected probe output ----

def number(value):
    return "null" if value is None else "%d" % value


def json_string(text):
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


class Expect:
    """The lines the probe prints, and the parser state they depend on."""

    def __init__(self):
        self.lines = []
        self.sensor_off = False
        self.signal_poor = False
        self.battery_low = False
        self.battery_critical = False
        self.in_burst = False
        self.good_streak = 0
        self.bad = 0

    def event(self, kind, message, parameter=None):
        line = '{"type":"technical","event":' + json_string(kind)
        if parameter is not None:
            line += ',"parameter":' + json_string(parameter)
        line += ',"message":' + json_string(message) + "}"
        self.lines.append(line)

    def observation(self, parameter, unit, value, quality):
        self.lines.append(
            '{"type":"observation","parameter":"%s","value":%s,"unit":"%s","quality":[%s]}'
            % (parameter, number(value), unit, ",".join('"%s"' % q for q in quality)))

    def bad_frame(self, message):
        self.bad += 1
        self.good_streak = 0
        if not self.in_burst:
            self.in_burst = True
            self.event("frame-error", message)

    def good_frames(self, n, per_second):
        for _ in range(n):
            self.good_streak += 1
            if self.in_burst and self.good_streak >= per_second:
                self.in_burst = False

    def numbers(self, hr, spo2, conditions=(), sensor_off=False, battery=None):
        """battery: None (format 7), or (low, critical) from format 8."""
        if sensor_off:
            if not self.sensor_off:
                self.sensor_off = True
                self.event("sensor-off", MSG_SENSOR_OFF, "spo2")
            spo2_v = hr_v = None
            quality = ["sensor-off"]
            spo2_q = hr_q = quality
        else:
            poor = None
            for condition, message in SIGNAL_MESSAGES:
                if condition in conditions:
                    poor = message
                    break
            if self.sensor_off:
                self.sensor_off = False
                self.event("sensor-on", MSG_SENSOR_ON, "spo2")
            if poor is not None and not self.signal_poor:
                self.signal_poor = True
                self.event("signal-poor", poor, "spo2")
            elif poor is None and self.signal_poor:
                self.signal_poor = False
                self.event("signal-good", MSG_SIGNAL_GOOD, "spo2")
            quality = ["valid"] + (["questionable"] if poor else [])
            spo2_v = spo2 if spo2 <= 100 else None
            hr_v = hr if hr <= 350 else None
            spo2_q = quality if spo2_v is not None else []
            hr_q = quality if hr_v is not None else []
        if battery is not None:
            low, critical = battery
            if critical and not self.battery_critical:
                self.event("device-notice", MSG_BATTERY_CRITICAL)
            elif low and not critical and not self.battery_low:
                self.event("device-notice", MSG_BATTERY_LOW)
            self.battery_critical = critical
            self.battery_low = low or critical
        self.observation("spo2", "%", spo2_v, spo2_q)
        self.observation("pr", "/min", hr_v, hr_q)


class Capture:
    def __init__(self):
        self.data = bytearray()
        self.expect = Expect()

    def df8(self, hr, spo2, **bits):
        self.data += df8_frame(hr, spo2, **bits)
        self.expect.good_frames(1, 1)
        battery = (bits.get("battery_low", False), bits.get("battery_critical", False))
        conditions = [c for c in (OOT, LOW, MARGINAL, ARTIFACT) if bits.get(c)]
        self.expect.numbers(hr, spo2, conditions,
                            bits.get("disconnected", False) or bits.get("fault", False),
                            battery)

    def df7_frames(self, frames):
        for frame in frames:
            self.data += frame
        self.expect.good_frames(len(frames), 75)

    def df7(self, hr, spo2, conditions=(), sensor_off=False, **kwargs):
        """A whole packet read from its SYNC frame: numbers at frame 25."""
        self.df7_frames(df7_packet(hr, spo2, **kwargs))
        self.expect.numbers(hr, spo2, conditions, sensor_off)

    def raw(self, data):
        self.data += bytes(data)


# ---- sanity of the captures' construction ----

def df7_lock_at(data, pos):
    """Three checksummed format 7 frames at pos (no reply bytes between)."""
    syncs = 0
    for k in range(3):
        p = pos + 5 * k
        if p + 5 > len(data) or not data[p] & 0x80:
            return False
        if sum(data[p:p + 4]) % 256 != data[p + 4]:
            return False
        syncs += data[p] & 1
    return syncs <= 1


def assert_no_lock(data, start, end):
    """No format 7 lock may start inside bytes meant to be skipped."""
    for pos in range(start, end):
        assert not df7_lock_at(data, pos), "false format 7 lock at %d" % pos


# ---- the captures ----

def df8_values():
    c = Capture()
    c.df8(72, 98)                   # 80 48 62 00, the example in PROTOCOLS.md
    assert bytes(c.data[:4]) == bytes([0x80, 0x48, 0x62, 0x00])
    for hr in (128, 150, 200, 0, 127, 129, 255, 256, 300, 350):
        c.df8(hr, 97)
    c.df8(MISSING_HR, 96)           # pulse rate missing
    c.df8(88, MISSING_SPO2)         # SpO2 missing
    c.df8(MISSING_HR, MISSING_SPO2)
    c.df8(400, 101)                 # impossible: absent, not a number
    c.df8(60, 100)
    return c


def df8_status():
    c = Capture()
    c.df8(70, 97)
    c.df8(70, 97, oot=True)
    c.df8(70, 97)
    c.df8(71, 96, low=True)
    c.df8(71, 96, low=True, artifact=True)   # still poor: no new event
    c.df8(71, 96)
    c.df8(72, 95, marginal=True)
    c.df8(72, 95)
    c.df8(73, 94, artifact=True)
    c.df8(73, 94, artifact=True, oot=True)
    c.df8(73, 94)
    c.df8(MISSING_HR, MISSING_SPO2, fault=True)
    c.df8(MISSING_HR, MISSING_SPO2, fault=True)
    c.df8(74, 97)
    c.df8(MISSING_HR, MISSING_SPO2, disconnected=True)
    c.df8(75, 97)
    c.df8(75, 97, battery_low=True)
    c.df8(75, 97, battery_low=True)
    c.df8(75, 97)
    c.df8(75, 97, battery_critical=True)
    c.df8(75, 97, battery_low=True, battery_critical=True)
    c.df8(76, 98)
    return c


def smooth_pleth(n):
    # A beat every 60 frames: a fast rise and a slower fall, over most of
    # the 16-bit range.
    phase = (n % 60) / 60.0
    shape = math.exp(-((phase - 0.2) / (0.08 if phase < 0.2 else 0.2)) ** 2)
    return int(3000 + 60000 * shape)


def df7_packets():
    c = Capture()
    pleth = []
    start = 0

    def packet(hr, spo2, statuses=None, **kwargs):
        nonlocal start
        c.df7(hr, spo2, start=start, pleth=smooth_pleth, statuses=statuses, **kwargs)
        for i in range(25):
            status = dict((statuses or {}).get(i + 1, {}))
            off = status.get("alarm") or status.get("disconnected")
            artifact = status.get("artifact") or status.get("oot")
            pleth.append(("nan" if off else "%.6f" % (smooth_pleth(start + i) / 65535.0),
                          1 if artifact else 0))
        start += 25

    packet(72, 98)
    packet(128, 97)
    packet(150, 96)
    # The display values count, not the 4-beat averages.
    packet(200, 95, avg_hr=190, avg_spo2=93)
    packet(MISSING_HR, MISSING_SPO2, statuses={5: {"oot": True}}, conditions=(OOT,))
    packet(80, 99, statuses={3: {"artifact": True}, 7: {"alarm": True}},
           conditions=(ARTIFACT,), sensor_off=True)
    packet(81, 99)
    return c, pleth


def capture_df7_status():
    c = Capture()
    c.df7(70, 97, statuses={4: {"perfusion": "green"}})
    c.df7(70, 97, statuses={4: {"perfusion": "red"}}, conditions=(LOW,))
    c.df7(70, 97, statuses={4: {"perfusion": "green"}})
    c.df7(70, 97, statuses={4: {"perfusion": "yellow"}}, conditions=(MARGINAL,))
    c.df7(70, 97)
    c.df7(71, 96, statuses={10: {"artifact": True}}, conditions=(ARTIFACT,))
    c.df7(71, 96, statuses={10: {"oot": True}}, conditions=(OOT,))
    c.df7(71, 96)
    c.df7(MISSING_HR, MISSING_SPO2, statuses=dict((n, {"alarm": True}) for n in range(1, 26)),
          sensor_off=True)
    c.df7(72, 97)
    c.df7(MISSING_HR, MISSING_SPO2,
          statuses=dict((n, {"disconnected": True}) for n in range(1, 26)), sensor_off=True)
    c.df7(73, 98)
    return c


def df7_errors():
    c = Capture()
    e = c.expect
    # Line noise longer than a partial frame: skipped, reported once.
    c.raw([0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x01, 0x02, 0x03, 0x04])
    e.bad_frame(MSG_NOISE)
    for hr in (70, 71, 72, 73):
        c.df7(hr, 97)

    # A bad checksum at frame 10 of a packet: that packet's numbers are
    # lost, the next packet counts.
    frames = df7_packet(74, 97, start=100)
    bad = bytearray(frames[9])
    bad[4] ^= 0x5A
    c.df7_frames(frames[:9])
    mark = len(c.data)
    c.raw(bad)
    e.bad_frame(MSG_CHECKSUM)
    c.df7_frames(frames[10:])
    assert_no_lock(c.data, mark + 1, mark + 5)
    c.df7(75, 97, start=125)
    c.df7(76, 97, start=150)
    c.df7(77, 97, start=175)

    # A frame cut short: it reads as a bad checksum. Within a second of
    # the next error, so only counted.
    frames = df7_packet(78, 97, start=200)
    c.df7_frames(frames[:4])
    mark = len(c.data)
    c.raw(frames[4][:3])
    e.bad_frame(MSG_CHECKSUM)
    c.df7_frames(frames[5:])
    assert_no_lock(c.data, mark + 1, mark + 3)
    assert sum(c.data[mark:mark + 4]) % 256 != c.data[mark + 4]
    # Garbage at a frame boundary, before the burst is over.
    c.df7(79, 97, start=225)
    c.raw([0x31, 0x32, 0x33])
    e.bad_frame(MSG_DF7_SYNC)
    c.df7(80, 97, start=250)
    c.df7(81, 97, start=275)
    c.df7(82, 97, start=300)
    c.df7(83, 97, start=325)

    # Garbage at a frame boundary after a quiet second: reported.
    frames = df7_packet(84, 97, start=350)
    c.df7_frames(frames[:12])
    mark = len(c.data)
    c.raw([0x7F, 0x41, 0x42, 0x43, 0x44, 0x45])
    e.bad_frame(MSG_DF7_SYNC)
    c.df7_frames(frames[12:])
    c.df7(85, 97, start=375)
    c.df7(86, 97, start=400)
    c.df7(87, 97, start=425)
    c.df7(88, 97, start=450)

    # SYNC early: a packet cut to 12 frames.
    c.df7_frames(df7_packet(89, 97, start=475, frames=12))
    e.bad_frame(MSG_PACKET)
    c.df7(90, 97, start=487)
    c.df7(91, 97, start=512)
    c.df7(92, 97, start=537)
    c.df7(93, 97, start=562)

    # SYNC missing: a packet of 26 frames. The 26th is where the next
    # SYNC belonged; the packet after it is waited for.
    frames = df7_packet(94, 97, start=587, frames=26)
    c.df7_frames(frames[:25])
    e.numbers(94, 97)
    c.df7_frames(frames[25:])
    e.bad_frame(MSG_PACKET)
    c.df7_frames(df7_packet(95, 97, start=613, sync=False, frames=24))
    c.df7(96, 97, start=637)
    return c


def df8_errors():
    c = Capture()
    e = c.expect
    c.df8(70, 97)
    c.df8(71, 97)
    # A byte with bit 7 inside a frame: the frame is lost.
    c.raw([0x80, 0x48, 0xE2, 0x00])
    e.bad_frame(MSG_DF8_SYNC)
    c.df8(72, 97)
    c.df8(73, 97)
    # A frame cut short.
    c.raw([0x80, 0x48])
    e.bad_frame(MSG_DF8_SYNC)
    c.df8(74, 97)
    c.df8(75, 97)
    # Noise between frames. Two frames follow: one alone could not be
    # told from noise.
    c.raw([0x01, 0x02, 0x03])
    e.bad_frame(MSG_DF8_SYNC)
    c.df8(76, 97)
    c.df8(76, 96)
    # Noise with bit 7 set.
    c.raw([0xFF, 0xFE, 0xFD])
    e.bad_frame(MSG_DF8_SYNC)
    c.df8(77, 97)
    c.df8(78, 97)
    return c


def replies():
    c = Capture()
    e = c.expect
    c.df8(70, 97)
    c.df8(71, 97)
    # The device refuses a command between two frames.
    c.raw([NAK])
    e.event("device-notice", MSG_NAK)
    c.df8(72, 97)
    # It accepts one and switches to format 7; the framing is found anew.
    c.raw([ACK])
    c.df7(73, 98)
    c.df7(74, 98, start=25)
    # An ACK in format 7 (the host asked again): the packet it cuts is lost.
    frames = df7_packet(75, 98, start=50)
    c.df7_frames(frames[:5])
    c.raw([ACK])
    c.df7_frames(frames[5:])
    c.df7(76, 98, start=75)
    # Back to format 8.
    c.raw([ACK])
    c.df8(77, 97)
    c.df8(78, 97)
    return c


BAD_FRAMES = []


def write(name, capture):
    BAD_FRAMES.append((name, capture.expect.bad))
    with open(os.path.join(HERE, name + ".bin"), "wb") as f:
        f.write(capture.data)
    with open(os.path.join(HERE, name + ".jsonl"), "w", encoding="utf-8") as f:
        for line in capture.expect.lines:
            f.write(line + "\n")


def main():
    write("df8-values", df8_values())
    write("df8-status", df8_status())
    capture, pleth = df7_packets()
    write("df7-packets", capture)
    with open(os.path.join(HERE, "df7-packets.pleth"), "w") as f:
        f.write("# value artifact, one line a format 7 frame\n")
        for value, artifact in pleth:
            f.write("%s %d\n" % (value, artifact))
    write("df7-status", capture_df7_status())
    write("df7-errors", df7_errors())
    write("df8-errors", df8_errors())
    write("replies", replies())

    with open(os.path.join(HERE, "bad-frames.txt"), "w") as f:
        f.write("# capture, how many bad frames it holds (reported or only counted)\n")
        for name, count in BAD_FRAMES:
            f.write("%s %d\n" % (name, count))

    with open(os.path.join(HERE, "format-7.cmd"), "wb") as f:
        f.write(command(0x07))
    with open(os.path.join(HERE, "format-8.cmd"), "wb") as f:
        f.write(command(0x08))

    corpus = os.path.join(HERE, "corpus")
    os.makedirs(corpus, exist_ok=True)
    seeds = {
        "df8-example": df8_frame(72, 98) * 3,
        "df8-high-rates": b"".join(df8_frame(hr, 97) for hr in (128, 150, 200, 511)),
        "df7-packet": b"".join(df7_packet(150, 96, pleth=smooth_pleth)) * 2,
        "df7-sensor-off": b"".join(df7_packet(511, 127, statuses=dict(
            (n, {"alarm": True}) for n in range(1, 26)))),
        "replies": bytes([NAK]) + df8_frame(70, 97) * 2 + bytes([ACK]) +
                   b"".join(df7_packet(71, 98)),
        "commands": command(0x07) + command(0x08),
    }
    for name, data in seeds.items():
        assert len(data) < 4096
        with open(os.path.join(corpus, name), "wb") as f:
            f.write(data)
    placeholder = os.path.join(corpus, "placeholder")
    if os.path.exists(placeholder):
        os.remove(placeholder)


if __name__ == "__main__":
    main()
