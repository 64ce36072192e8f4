package image

import (
	"bytes"
	"encoding/binary"
	stdimage "image"
	"image/color"
)

// jpegOrientation returns the EXIF orientation (1–8) of a JPEG, or 1 when it
// has none or it cannot be read. Only the segments before the image data are
// looked at, and every length is checked against the data, since the bytes
// come from a visitor.
func jpegOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return 1
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return 1
		}
		marker := data[i+1]
		switch {
		case marker == 0xFF: // fill byte before a marker
			i++
			continue
		case marker == 0x01 || marker >= 0xD0 && marker <= 0xD8: // markers without a length
			i += 2
			continue
		case marker == 0xDA || marker == 0xD9: // start of scan, end of image
			return 1
		}
		n := int(data[i+2])<<8 | int(data[i+3])
		if n < 2 || i+2+n > len(data) {
			return 1
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			if o := exifOrientation(seg[6:]); o != 0 {
				return o
			}
		}
		i += 2 + n
	}
	return 1
}

// exifOrientation reads the Orientation tag (0x0112) from IFD0 of a TIFF
// structure, or returns 0.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	if bo.Uint16(t[2:]) != 42 {
		return 0
	}
	off := int64(bo.Uint32(t[4:]))
	if off+2 > int64(len(t)) {
		return 0
	}
	entries := int64(bo.Uint16(t[off:]))
	for k := range entries {
		e := off + 2 + 12*k
		if e+12 > int64(len(t)) {
			return 0
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		// A SHORT, count 1: the value sits in the first two bytes of the
		// value field.
		if bo.Uint16(t[e+2:]) != 3 {
			return 0
		}
		if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 0
	}
	return 0
}

// orient turns src so that it displays as EXIF orientation o asks: 2 mirrors
// it, 3 turns it half round, 4 flips it, 5 transposes, 6 turns it a quarter
// clockwise, 7 transverses, 8 turns it a quarter anticlockwise. Orientation 1
// (or none) returns src itself.
func orient(src stdimage.Image, o int) stdimage.Image {
	if o < 2 || o > 8 {
		return src
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	// from maps a pixel of the result to the one of src it shows.
	from := func(x, y int) (int, int) {
		switch o {
		case 2:
			return w - 1 - x, y
		case 3:
			return w - 1 - x, h - 1 - y
		case 4:
			return x, h - 1 - y
		case 5:
			return y, x
		case 6:
			return y, h - 1 - x
		case 7:
			return w - 1 - y, h - 1 - x
		default: // 8
			return w - 1 - y, x
		}
	}
	dst := stdimage.NewRGBA(stdimage.Rect(0, 0, dw, dh))
	// JPEGs decode to YCbCr (or Gray); reading their planes directly keeps a
	// 40-megapixel turn well under a second, where At would box every pixel.
	switch s := src.(type) {
	case *stdimage.YCbCr:
		for y := range dh {
			row := dst.Pix[y*dst.Stride:]
			for x := range dw {
				sx, sy := from(x, y)
				sx, sy = sx+b.Min.X, sy+b.Min.Y
				yi, ci := s.YOffset(sx, sy), s.COffset(sx, sy)
				r, g, bl := color.YCbCrToRGB(s.Y[yi], s.Cb[ci], s.Cr[ci])
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = r, g, bl, 0xFF
			}
		}
	case *stdimage.Gray:
		for y := range dh {
			row := dst.Pix[y*dst.Stride:]
			for x := range dw {
				sx, sy := from(x, y)
				v := s.Pix[s.PixOffset(sx+b.Min.X, sy+b.Min.Y)]
				row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = v, v, v, 0xFF
			}
		}
	default: // CMYK JPEGs: rare enough for the slow path
		for y := range dh {
			for x := range dw {
				sx, sy := from(x, y)
				dst.Set(x, y, src.At(sx+b.Min.X, sy+b.Min.Y))
			}
		}
	}
	return dst
}
