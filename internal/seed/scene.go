package seed

import (
	"hash/fnv"
	stdimage "image"
	"image/color"
	"math"
)

// Scene draws a simple illustration of what a residency in artForm (a slug
// of the demo's art forms) looks like: dancers on a stage, a circus tent,
// a film camera, notes on a staff, a carved spoon and a tree, woven cloth, a
// theatre's curtains and masks, an easel, a stack of books. It is a flat,
// poster-like picture, so the demo shows something that stands for the
// residency rather than noise; name varies the colours and the details, so
// two residencies of one art form do not look alike. SceneAlt describes it.
func Scene(artForm, name string, w, h int) stdimage.Image {
	f := fnv.New32a()
	f.Write([]byte(name))
	seed := f.Sum32()
	c := &canvas{img: stdimage.NewRGBA(stdimage.Rect(0, 0, w, h)), w: float64(w), h: float64(h)}
	hue := float64(seed%360) / 360
	sky, ground := hsl(hue, 0.45, 0.82), hsl(hue+0.05, 0.35, 0.62)
	c.gradient(sky, hsl(hue+0.1, 0.5, 0.92))
	c.rect(0, 0.72, 1, 1, ground)
	ink := color.RGBA{0x22, 0x2a, 0x3a, 0xff}
	accent := hsl(hue+0.5, 0.65, 0.5)
	warm := hsl(hue+0.25, 0.7, 0.55)
	jitter := func(i uint32) float64 { return float64((seed>>i)%100) / 1000 }
	switch artForm {
	case "dans":
		c.rect(0, 0.7, 1, 0.74, hsl(hue, 0.3, 0.4)) // the stage's edge
		for i, x := range []float64{0.25, 0.5, 0.75} {
			c.figure(x+jitter(uint32(i)), 0.7, 0.22, float64(i)*0.6-0.6, []color.RGBA{accent, warm, ink}[i])
		}
	case "cirkus":
		c.triangle(0.2, 0.72, 0.8, 0.72, 0.5, 0.18, warm)
		for i := 0; i < 6; i++ {
			x := 0.2 + float64(i)*0.1
			c.triangle(x, 0.72, x+0.05, 0.72, 0.5, 0.18, accent)
		}
		c.rect(0.44, 0.5, 0.56, 0.72, ink) // the entrance
		for i := 0; i < 3; i++ {
			c.circle(0.82+float64(i)*0.05, 0.3-float64(i%2)*0.06, 0.025, []color.RGBA{accent, warm, ink}[i])
		}
	case "film":
		c.rect(0.3, 0.38, 0.62, 0.62, ink) // the camera body
		c.circle(0.38, 0.3, 0.08, ink)     // the reels
		c.circle(0.54, 0.3, 0.08, ink)
		c.circle(0.38, 0.3, 0.03, sky)
		c.circle(0.54, 0.3, 0.03, sky)
		c.triangle(0.62, 0.5, 0.76, 0.4, 0.76, 0.6, ink) // the lens
		for i := 0; i < 8; i++ {                         // a film strip along the floor
			x := 0.05 + float64(i)*0.12
			c.rect(x, 0.78, x+0.1, 0.92, hsl(hue+0.05*float64(i), 0.5, 0.35))
			c.rect(x+0.02, 0.81, x+0.08, 0.89, warm)
		}
	case "musik":
		for i := 0; i < 5; i++ { // a staff
			y := 0.3 + float64(i)*0.06
			c.line(0.08, y, 0.92, y, 0.006, ink)
		}
		for i := 0; i < 6; i++ {
			x := 0.18 + float64(i)*0.12
			y := 0.3 + float64((seed>>uint(i))%5)*0.06
			c.ellipse(x, y, 0.03, 0.022, []color.RGBA{accent, ink}[i%2])
			c.line(x+0.028, y, x+0.028, y-0.2, 0.008, ink)
		}
	case "slojd":
		c.rect(0.68, 0.4, 0.72, 0.72, hsl(0.08, 0.45, 0.3)) // a tree
		c.circle(0.7, 0.33, 0.14, hsl(0.3+jitter(3), 0.45, 0.4))
		c.ellipse(0.35, 0.55, 0.07, 0.1, hsl(0.09, 0.55, 0.55)) // a carved spoon
		c.line(0.35, 0.64, 0.35, 0.9, 0.025, hsl(0.09, 0.55, 0.5))
		for i := 0; i < 4; i++ { // a basket
			y := 0.78 + float64(i)*0.03
			c.line(0.48, y, 0.6, y, 0.012, hsl(0.1, 0.5, 0.35+0.05*float64(i%2)))
		}
	case "textil":
		for i := 0; i < 14; i++ { // warp and weft
			x := 0.1 + float64(i)*0.058
			c.rect(x, 0.15, x+0.03, 0.85, hsl(hue+0.04*float64(i%3), 0.55, 0.45))
		}
		for j := 0; j < 12; j++ {
			y := 0.18 + float64(j)*0.056
			c.rect(0.08, y, 0.92, y+0.025, hsl(hue+0.5+0.03*float64(j%4), 0.6, 0.55))
		}
		c.line(0.1, 0.9, 0.9, 0.9, 0.01, ink) // a thread
	case "teater":
		c.rect(0, 0, 0.2, 0.72, hsl(0.98, 0.6, 0.4)) // the curtains
		c.rect(0.8, 0, 1, 0.72, hsl(0.98, 0.6, 0.4))
		c.rect(0, 0, 1, 0.1, hsl(0.98, 0.6, 0.35))
		c.circle(0.42, 0.42, 0.11, warm) // two masks
		c.circle(0.6, 0.46, 0.11, accent)
		for _, m := range []struct{ x, y float64 }{{0.42, 0.42}, {0.6, 0.46}} {
			c.circle(m.x-0.04, m.y-0.03, 0.015, ink)
			c.circle(m.x+0.04, m.y-0.03, 0.015, ink)
			c.ellipse(m.x, m.y+0.05, 0.04, 0.015, ink)
		}
	case "bild-och-form":
		c.line(0.35, 0.9, 0.5, 0.2, 0.012, hsl(0.08, 0.45, 0.3)) // an easel
		c.line(0.65, 0.9, 0.5, 0.2, 0.012, hsl(0.08, 0.45, 0.3))
		c.rect(0.34, 0.28, 0.66, 0.62, color.RGBA{0xfb, 0xf8, 0xf0, 0xff})
		c.circle(0.45, 0.42, 0.06, warm)
		c.line(0.38, 0.56, 0.62, 0.36, 0.02, accent)
		c.rect(0.52, 0.46, 0.62, 0.58, hsl(hue, 0.6, 0.45))
	case "litteratur":
		for i := 0; i < 5; i++ { // a stack of books
			y := 0.72 - float64(i+1)*0.09
			x := 0.3 + jitter(uint32(i))
			c.rect(x, y, x+0.4-float64(i)*0.02, y+0.085, hsl(hue+0.15*float64(i), 0.55, 0.45))
			c.rect(x+0.02, y+0.03, x+0.2, y+0.045, color.RGBA{0xfb, 0xf8, 0xf0, 0xff})
		}
		c.circle(0.8, 0.22, 0.06, warm) // a lamp's light
	default:
		c.circle(0.5, 0.45, 0.16, accent)
		c.figure(0.3, 0.72, 0.2, 0.3, ink)
		c.figure(0.7, 0.72, 0.2, -0.3, warm)
	}
	return c.img
}

// SceneAlt is the alt text of Scene's picture for artForm.
func SceneAlt(artForm string) string {
	switch artForm {
	case "dans":
		return "Tecknad demobild: tre dansare i rörelse på en scen"
	case "cirkus":
		return "Tecknad demobild: ett randigt cirkustält och bollar som jongleras"
	case "film":
		return "Tecknad demobild: en filmkamera med två rullar och en filmremsa"
	case "musik":
		return "Tecknad demobild: noter på ett notsystem"
	case "slojd":
		return "Tecknad demobild: en täljd träslev, en korg och ett träd"
	case "textil":
		return "Tecknad demobild: vävt tyg i ränder och rutor"
	case "teater":
		return "Tecknad demobild: en scen med röda ridåer och två teatermasker"
	case "bild-och-form":
		return "Tecknad demobild: ett staffli med en målning"
	case "litteratur":
		return "Tecknad demobild: en trave böcker under en lampa"
	}
	return "Tecknad demobild: två människor möts"
}

// canvas draws filled shapes in coordinates from 0 to 1 across and down.
type canvas struct {
	img  *stdimage.RGBA
	w, h float64
}

func (c *canvas) gradient(top, bottom color.RGBA) {
	for y := 0; y < c.img.Rect.Dy(); y++ {
		t := float64(y) / c.h
		col := color.RGBA{mix(top.R, bottom.R, t), mix(top.G, bottom.G, t), mix(top.B, bottom.B, t), 0xff}
		for x := 0; x < c.img.Rect.Dx(); x++ {
			c.img.SetRGBA(x, y, col)
		}
	}
}

func mix(a, b uint8, t float64) uint8 { return uint8(float64(a)*(1-t) + float64(b)*t) }

// fill paints every pixel inside the box (x0,y0)-(x1,y1) for which in
// holds of its centre (in canvas coordinates).
func (c *canvas) fill(x0, y0, x1, y1 float64, col color.RGBA, in func(x, y float64) bool) {
	px0, py0 := max(0, int(x0*c.w)), max(0, int(y0*c.h))
	px1, py1 := min(c.img.Rect.Dx(), int(math.Ceil(x1*c.w))), min(c.img.Rect.Dy(), int(math.Ceil(y1*c.h)))
	for py := py0; py < py1; py++ {
		for px := px0; px < px1; px++ {
			if in((float64(px)+0.5)/c.w, (float64(py)+0.5)/c.h) {
				c.img.SetRGBA(px, py, col)
			}
		}
	}
}

func (c *canvas) rect(x0, y0, x1, y1 float64, col color.RGBA) {
	c.fill(x0, y0, x1, y1, col, func(float64, float64) bool { return true })
}

// circle is round on the picture: its radius r is a share of the height.
func (c *canvas) circle(cx, cy, r float64, col color.RGBA) {
	c.ellipse(cx, cy, r*c.h/c.w, r, col)
}

func (c *canvas) ellipse(cx, cy, rx, ry float64, col color.RGBA) {
	c.fill(cx-rx, cy-ry, cx+rx, cy+ry, col, func(x, y float64) bool {
		dx, dy := (x-cx)/rx, (y-cy)/ry
		return dx*dx+dy*dy <= 1
	})
}

func (c *canvas) triangle(ax, ay, bx, by, cx, cy float64, col color.RGBA) {
	side := func(px, py, qx, qy, x, y float64) float64 { return (qx-px)*(y-py) - (qy-py)*(x-px) }
	c.fill(math.Min(ax, math.Min(bx, cx)), math.Min(ay, math.Min(by, cy)), math.Max(ax, math.Max(bx, cx)),
		math.Max(ay, math.Max(by, cy)), col, func(x, y float64) bool {
			d1, d2, d3 := side(ax, ay, bx, by, x, y), side(bx, by, cx, cy, x, y), side(cx, cy, ax, ay, x, y)
			return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0))
		})
}

// line is a stroke of width thick (a share of the height) from (x0,y0) to
// (x1,y1).
func (c *canvas) line(x0, y0, x1, y1, thick float64, col color.RGBA) {
	// Work in pixels, so the stroke is as thick across as along.
	ax, ay, bx, by := x0*c.w, y0*c.h, x1*c.w, y1*c.h
	half := thick * c.h / 2
	c.fill(math.Min(x0, x1)-thick, math.Min(y0, y1)-thick, math.Max(x0, x1)+thick, math.Max(y0, y1)+thick, col,
		func(x, y float64) bool {
			px, py := x*c.w, y*c.h
			dx, dy := bx-ax, by-ay
			t := 0.0
			if l := dx*dx + dy*dy; l > 0 {
				t = math.Max(0, math.Min(1, ((px-ax)*dx+(py-ay)*dy)/l))
			}
			return math.Hypot(px-(ax+t*dx), py-(ay+t*dy)) <= half
		})
}

// figure is a person of height size standing at (x, feet), arms raised by
// lean (a dancer's pose when lean is not 0).
func (c *canvas) figure(x, feet, size, lean float64, col color.RGBA) {
	hip, shoulder, head := feet-size*0.45, feet-size*0.8, feet-size*0.92
	dx := size * 0.25 * c.h / c.w
	c.line(x-dx*0.6, feet, x, hip, size*0.07, col)
	c.line(x+dx*0.8, feet-size*0.05, x, hip, size*0.07, col)
	c.line(x, hip, x+lean*dx*0.3, shoulder, size*0.09, col)
	c.line(x+lean*dx*0.3, shoulder, x-dx, shoulder-size*0.2*(1+lean), size*0.06, col)
	c.line(x+lean*dx*0.3, shoulder, x+dx, shoulder-size*0.2*(1-lean), size*0.06, col)
	c.circle(x+lean*dx*0.3, head, size*0.08, col)
}
