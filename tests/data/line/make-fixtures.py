#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes the byte fixtures (*.vgl) and the fuzzing seed corpus of the Vigil
# line protocol. The checksum here is computed independently of the C code
# on purpose. The *.expected files are written by hand, not by this script.
# Run from this directory: python3 make-fixtures.py

import functools
import os


def cs(body):
    return functools.reduce(lambda a, c: a ^ c, body.encode('ascii'), 0)


def seal(body, end='\r\n'):
    return ('$%s*%02X%s' % (body, cs(body), end)).encode('ascii')


def seal_lower(body):
    return ('$%s*%02x\r\n' % (body, cs(body))).encode('ascii')


def padded(prefix, total, end='\r\n'):
    """A sealed line of exactly `total` bytes including `end`."""
    pad = total - len(seal(prefix + ',PAD=', end))
    return seal(prefix + ',PAD=' + 'x' * pad, end)


def write(name, data):
    with open(name, 'wb') as f:
        f.write(data)


fixtures = {}

fixtures['valid.vgl'] = b''.join([
    seal('VGL,T=1700000000000,HR=72,SPO2=98,PR=71'),
    seal('VGL,T=1700000001000,NIBP=120/80/93'),
    seal('VGL,NIBP=118/76/', end='\n'),
    seal('VGL,SPO2=97.5,HR=65.5?'),
    b'\r\n  \t\n',
    seal('VGL,HR=---,SPO2=---,PR=---,NIBP=---'),
    seal('VGL,T=1700000002000,SPO2=OFF,PR=OFF'),
    seal('VGL,PR=OFF,SPO2=OFF'),
    seal('VGL,SPO2=96,PR=---'),
    seal('VGL,PR=70'),
    seal('VGL,NIBP=FAIL'),
    seal('VGL'),
    seal('VGL,T=1700000003000,FW=2.1.0,HR=80,X_NEW=a/b?c'),
    seal('VGL,HR=0,SPO2=0,PR=350,NIBP=350/0/0'),
    seal('VGL,HR=350,SPO2=100.0,NIBP=90/90/90?'),
    seal('VGL,HR=072'),
    seal_lower('VGL,HR=83'),
    seal('VGL,HR=OFF'),
    seal('VGL,HR=74?'),
])

ok1 = seal('VGL,HR=71')
ok2 = seal('VGL,HR=72')

fixtures['bad-checksum.vgl'] = b''.join([
    ok1,
    ('$VGL,HR=13*%02X\r\n' % (cs('VGL,HR=13') ^ 0x01)).encode(),
    ('$VGL,HR=13*%02X\r\n' % (cs('VGL,HR=12'))).encode(),
    b'$VGL,HR=13*4G\r\n',
    b'$VGL,HR=13*4\r\n',
    seal('VGL,HR=13').replace(b'\r\n', b' \r\n'),
    seal('VGL,HR=13*VGL,HR=14'),
    ok2,
])

fixtures['missing-checksum.vgl'] = b''.join([
    ok1,
    b'$VGL,HR=13\r\n',
    b'$VGL,HR=13,SPO2=90\n',
    ok2,
])

fixtures['truncated.vgl'] = b''.join([
    ok1,
    b'$VGL,HR=13,SPO2=',
    seal('VGL,HR=73'),
    b'$VGL,HR=1',
    b'$',
    ok2,
    b'$VGL,HR=13*',          # unfinished at the end of the capture: no error
])

fixtures['overlong.vgl'] = b''.join([
    padded('VGL,HR=81', 200),
    padded('VGL,HR=13', 201),
    padded('VGL,HR=82', 200, end='\n'),
    padded('VGL,HR=13', 201, end='\n'),
    padded('VGL,HR=13', 1000),
    ok2,
])

fixtures['control-bytes.vgl'] = b''.join([
    ok1,
    seal('VGL,HR=13').replace(b'HR', b'H\x00R'),
    b'$VGL,HR=13,NOTE=caf\xc3\xa9*00\r\n',
    seal('VGL,HR=13').replace(b',', b',\t'),
    seal('VGL,HR=13').replace(b',', b'\r,'),
    b'$VGL,HR=1\x7f3*00\r\n',
    ok2,
])

fixtures['noise.vgl'] = b''.join([
    b'R=99,SPO2=9*1A\r\nsome noise before the first line\n',
    ok1,
    b'hello, world: noise\r\nmore noise\n',
    seal('VGL,HR=73'),
    b'\xff\xfe\x00\x01junk',
    ok2,
])

fixtures['malformed-field.vgl'] = b''.join([
    ok1,
    seal('VGL,HR=13,SPO2'),
    seal('VGL,HR=13,,SPO2=90'),
    seal('VGL,hr=13'),
    seal('VGL,HR=1x3'),
    seal('VGL,HR=13.25'),
    seal('VGL,HR=13.'),
    seal('VGL,HR=.5'),
    seal('VGL,NIBP=120/80,HR=13'),
    seal('VGL,NIBP=120/80/90/1,HR=13'),
    seal('VGL,HR=13,HR=14'),
    seal('VGL,T=abc,HR=13'),
    seal('VGL,T=1700000000000,T=1700000000001,HR=13'),
    seal('VGL,SPO2=OFF?'),
    seal('VGL,HR=13,'),
    seal('GPGGA,HR=13'),
    seal('VGLX,HR=13'),
    seal(''),
    seal('VGL,NIBP=OFF'),
    seal('VGL,HR=+13'),
    seal('VGL,=5,HR=13'),
    seal('VGL,HR=13,SPO2='),
    seal('VGL,HR=123456'),
    ok2,
])

fixtures['out-of-range.vgl'] = b''.join([
    seal('VGL,T=1700000000000,HR=351,SPO2=97,PR=72'),
    seal('VGL,SPO2=100.1,HR=60'),
    seal('VGL,HR=-1,PR=-0.5?'),
    seal('VGL,NIBP=80/120/100,HR=61'),
    seal('VGL,NIBP=400/80/90'),
    seal('VGL,NIBP=120/80/351'),
    seal('VGL,HR=99999'),
    seal('VGL,SPO2=OFF'),
    seal('VGL,SPO2=101'),
    seal('VGL,SPO2=95'),
])

for name, data in fixtures.items():
    write(name, data)

# The seed corpus: the first byte is the fuzz target's chunk-size seed.
corpus = {
    'valid': b'\x07' + fixtures['valid.vgl'],
    'single': b'\x00' + seal('VGL,T=1700000000000,HR=72,SPO2=98'),
    'bare-lf': b'\x01' + seal('VGL,HR=72,SPO2=98,PR=71', end='\n'),
    'nibp': b'\x02' + seal('VGL,NIBP=120/80/93') + seal('VGL,NIBP=118/76/?') + seal('VGL,NIBP=FAIL'),
    'off-on': b'\x03' + seal('VGL,SPO2=OFF,PR=OFF,HR=OFF') + seal('VGL,SPO2=97,PR=70,HR=71'),
    'absent': b'\x04' + seal('VGL,HR=---,SPO2=---,PR=---,NIBP=---'),
    'bad-checksum': b'\x05' + fixtures['bad-checksum.vgl'],
    'truncated': b'\x06' + fixtures['truncated.vgl'],
    'overlong': b'\x08' + fixtures['overlong.vgl'],
    'control-bytes': b'\x09' + fixtures['control-bytes.vgl'],
    'noise': b'\x0a' + fixtures['noise.vgl'],
    'malformed-field': b'\x0b' + fixtures['malformed-field.vgl'],
    'out-of-range': b'\x0c' + fixtures['out-of-range.vgl'],
}

os.makedirs('corpus', exist_ok=True)
for name, data in corpus.items():
    write(os.path.join('corpus', name), data)
