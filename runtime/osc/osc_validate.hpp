// Whether a UDP payload is a well-formed OSC 1.0 packet, checked before liblo parses it. liblo trusts sizes
// inside the packet: a blob whose length field runs past the end makes lo_message_deserialise read out of bounds
// (found by tests/fuzz/osc_fuzz.cpp), and a bad packet must never stop the music. So every length is checked
// here first, and liblo only sees packets whose every part lies inside the buffer.
#pragma once
#include <cstddef>

namespace phonon {

// A message (address, type tags i f s S b h t d c r m T F N I, arguments) or a bundle of them (nested up to 8
// deep), with every string terminated and padded, every size a multiple of 4, and nothing left over.
bool osc_packet_well_formed(const unsigned char* data, size_t size);

}  // namespace phonon
