package image

import (
	"encoding/binary"
	"testing"
)

// exifJPEG is SOI followed by one APP1 segment holding payload (its length
// field is computed from payload unless length is set).
func exifJPEG(payload []byte, length int) []byte {
	if length == 0 {
		length = len(payload) + 2
	}
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1}
	out = binary.BigEndian.AppendUint16(out, uint16(length))
	out = append(out, payload...)
	return append(out, 0xFF, 0xDA, 0, 2)
}

// tiffIFD0 is a big-endian TIFF header and an IFD0 with one entry.
func tiffIFD0(tag, typ uint16, value uint16) []byte {
	out := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01")
	out = binary.BigEndian.AppendUint16(out, tag)
	out = binary.BigEndian.AppendUint16(out, typ)
	out = binary.BigEndian.AppendUint32(out, 1)
	out = binary.BigEndian.AppendUint16(out, value)
	return append(out, 0, 0, 0, 0, 0, 0)
}

func TestJPEGOrientation(t *testing.T) {
	t.Parallel()
	good := tiffIFD0(0x0112, 3, 6)
	tests := []struct {
		name string
		data []byte
		want int
	}{
		{"orientation 6", exifJPEG(good, 0), 6},
		{"little endian", exifJPEG([]byte("Exif\x00\x00II\x2a\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00"), 0), 8},
		{"fill bytes before the marker", append([]byte{0xFF, 0xD8, 0xFF}, exifJPEG(good, 0)[2:]...), 6},
		{"not a JPEG", []byte("hello"), 1},
		{"empty", nil, 1},
		{"no EXIF", []byte{0xFF, 0xD8, 0xFF, 0xDA, 0, 2}, 1},
		{"other tag", exifJPEG(tiffIFD0(0x0110, 3, 6), 0), 1},
		{"wrong type", exifJPEG(tiffIFD0(0x0112, 4, 6), 0), 1},
		{"value out of range", exifJPEG(tiffIFD0(0x0112, 3, 9), 0), 1},
		{"segment longer than the file", exifJPEG(good, 60000), 1},
		{"segment length below 2", exifJPEG(good, 1), 1},
		{"TIFF cut short", exifJPEG(good[:20], 0), 1},
		{"IFD offset past the end", exifJPEG([]byte("Exif\x00\x00MM\x00\x2a\xff\xff\xff\xf0"), 0), 1},
		{"entry count past the end", exifJPEG([]byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\xff\xff"), 0), 1},
		{"bad byte order", exifJPEG([]byte("Exif\x00\x00XX\x00\x2a\x00\x00\x00\x08\x00\x00"), 0), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := jpegOrientation(tt.data); got != tt.want {
				t.Errorf("jpegOrientation = %d, want %d", got, tt.want)
			}
		})
	}
}

// FuzzJPEGOrientation: the EXIF reader takes a visitor's bytes, so it must
// never panic whatever they are.
func FuzzJPEGOrientation(f *testing.F) {
	f.Add(exifJPEG(tiffIFD0(0x0112, 3, 6), 0))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0, 8, 'E', 'x', 'i', 'f', 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := jpegOrientation(data); o < 1 || o > 8 {
			t.Errorf("orientation %d", o)
		}
	})
}
