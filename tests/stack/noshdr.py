#!/usr/bin/env python3
"""noshdr.py IN OUT: copies an ELF64 file without its section header table
(e_shoff, e_shnum, e_shstrndx zeroed), as some packers leave Go binaries:
pclntab must then be found without the .gopclntab section."""
import os
import struct
import sys

data = bytearray(open(sys.argv[1], 'rb').read())
if data[:4] != b'\x7fELF' or data[4] != 2:
    sys.exit('noshdr: not an ELF64 file')
struct.pack_into('<Q', data, 0x28, 0)   # e_shoff
struct.pack_into('<HHH', data, 0x3a, 0, 0, 0)  # e_shentsize, e_shnum, e_shstrndx
open(sys.argv[2], 'wb').write(data)
os.chmod(sys.argv[2], 0o755)
