// Package geo draws the base of the site's map: country outlines of
// Natural Earth (public domain), by way of the world-atlas package's
// TopoJSON (ISC licence), projected, clipped, simplified and rounded
// once, by gen, into outlines.go. A build reads nothing else and fetches
// nothing: the outlines are constants of the program.
//
// The map has two panels in one drawing. The main panel is the region
// from western Europe to Japan, 12°W to 150°E and 12°S to 74°N, in the
// Natural Earth projection centred on 70°E, which keeps Russia from
// swelling as a plain grid of degrees would. What lies outside it is
// drawn on a small map of the whole world (the inset), in the Ocean
// south of India, where no land is hidden. Project says where a point
// falls on either.
//
// The boundaries are Natural Earth's, as it draws them de facto; the
// map marks places, and takes no view on borders.
package geo

import "math"

//go:generate go run ./gen -atlas ../../.ci/tools/node_modules/world-atlas -out outlines.go

// Width and Height are the size of the drawing, in the units of its
// viewBox.
const (
	Width  = 1000
	Height = 640
)

// The main panel: the longitudes and latitudes it spans, and its central
// meridian.
const (
	West, East   = -12.0, 150.0
	South, North = -12.0, 74.0
	centralLon   = 70.0
)

// The inset: where its top left corner is in the drawing and how wide it
// is (its height follows), and the latitudes of the world it shows.
const (
	InsetX, InsetY, InsetW = 395.0, 529.0, 250.0
	insetSouth, insetNorth = -58.0, 84.0
)

// naturalEarth is the Natural Earth projection (Šavrič, Jenny, Patterson,
// Petrovič and Hurni, 2011) of a point lam, phi in radians.
func naturalEarth(lam, phi float64) (x, y float64) {
	p2 := phi * phi
	p4 := p2 * p2
	x = lam * (0.8707 - 0.131979*p2 + p4*(-0.013791+p4*p2*(0.003971-0.001529*p2)))
	y = phi * (1.007226 + p2*(0.015085+p4*(-0.044475+0.028874*p2-0.005916*p4)))
	return x, y
}

func rad(deg float64) float64 { return deg * math.Pi / 180 }

// main panel: x grows east, y grows south, in drawing units.
var mainScale, mainX0, mainY0 = func() (scale, x0, y0 float64) {
	xw, _ := naturalEarth(rad(West-centralLon), rad(45))
	xe, _ := naturalEarth(rad(East-centralLon), rad(30))
	_, yn := naturalEarth(0, rad(North))
	scale = Width / (xe - xw)
	return scale, xw, yn
}()

// MainPoint projects a longitude and latitude onto the main panel. Its
// longitude is taken as it is, not wrapped: points far west of the panel
// fall far off it, and shapes that cross the antimeridian stay whole.
func MainPoint(lon, lat float64) (x, y float64) {
	px, py := naturalEarth(rad(lon-centralLon), rad(lat))
	return (px - mainX0) * mainScale, (mainY0 - py) * mainScale
}

// InsetH is the height of the inset.
var InsetH, insetScale, insetYN = func() (h, scale, yn float64) {
	xe, _ := naturalEarth(math.Pi, 0)
	_, yn = naturalEarth(0, rad(insetNorth))
	_, ys := naturalEarth(0, rad(insetSouth))
	scale = InsetW / (2 * xe)
	return (yn - ys) * scale, scale, yn
}()

// InsetPoint projects a longitude and latitude onto the inset.
func InsetPoint(lon, lat float64) (x, y float64) {
	px, py := naturalEarth(rad(lon), rad(lat))
	return InsetX + InsetW/2 + px*insetScale, InsetY + (insetYN-py)*insetScale
}

// InMain reports whether a point of the drawing lies on the main panel,
// clear of the inset.
func InMain(x, y float64) bool {
	if x < 0 || x > Width || y < 0 || y > Height {
		return false
	}
	return !(x >= InsetX && x <= InsetX+InsetW && y >= InsetY && y <= InsetY+InsetH)
}

// Project places a longitude and latitude on the drawing: on the main
// panel where it falls there, else on the inset (inset true).
func Project(lon, lat float64) (x, y float64, inset bool) {
	x, y = MainPoint(lon, lat)
	if InMain(x, y) {
		return x, y, false
	}
	x, y = InsetPoint(lon, lat)
	return x, y, true
}

// Land is the path of the main panel's land, to fill; Borders that of
// the boundaries between countries on it, to stroke; InsetLand the
// world's land on the inset, and InsetFrame the outline of the main
// panel's region on it.
func Land() string       { return land }
func Borders() string    { return borders }
func InsetLand() string  { return insetLand }
func InsetFrame() string { return insetFrame }
