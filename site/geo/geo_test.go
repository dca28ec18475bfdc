package geo

import "testing"

// TestProject: the region from western Europe to Japan is on the main
// panel, east to the right and north up; the Americas, southern Africa,
// Australia and what the inset covers are on the inset, inside it, in
// the same order.
func TestProject(t *testing.T) {
	type at struct{ x, y float64 }
	on := func(name string, lon, lat float64, inset bool) at {
		x, y, in := Project(lon, lat)
		if in != inset {
			t.Errorf("%s: on the inset %v; want %v", name, in, inset)
		}
		if inset && !(x >= InsetX && x <= InsetX+InsetW && y >= InsetY && y <= InsetY+InsetH) {
			t.Errorf("%s: at %.0f, %.0f, outside the inset", name, x, y)
		}
		if !inset && !InMain(x, y) {
			t.Errorf("%s: at %.0f, %.0f, off the main panel", name, x, y)
		}
		return at{x, y}
	}
	london := on("London", -0.13, 51.51, false)
	moscow := on("Moscow", 37.62, 55.75, false)
	beijing := on("Beijing", 116.40, 39.91, false)
	vladivostok := on("Vladivostok", 131.87, 43.11, false)
	on("Toyako", 140.82, 42.57, false)
	stPetersburg := on("St Petersburg", 30.31, 59.94, false)
	bali := on("Bali", 115.23, -8.80, false)
	if !(london.x < moscow.x && moscow.x < beijing.x && beijing.x < vladivostok.x) {
		t.Errorf("London, Moscow, Beijing, Vladivostok are not west to east: %v %v %v %v", london, moscow, beijing, vladivostok)
	}
	if !(stPetersburg.y < moscow.y && moscow.y < beijing.y && beijing.y < bali.y) {
		t.Errorf("St Petersburg, Moscow, Beijing, Bali are not north to south: %v %v %v %v", stPetersburg, moscow, beijing, bali)
	}
	newYork := on("New York", -74.01, 40.71, true)
	lima := on("Lima", -77.03, -12.04, true)
	johannesburg := on("Johannesburg", 28.04, -26.20, true)
	sydney := on("Sydney", 151.21, -33.87, true)
	// Under the inset the main panel is hidden: a place there is shown on
	// the inset, where it is in the world.
	on("Addu Atoll", 73.15, -0.63, true)
	if !(newYork.x < johannesburg.x && johannesburg.x < sydney.x && newYork.y < lima.y) {
		t.Errorf("the inset is not in order: %v %v %v %v", newYork, lima, johannesburg, sydney)
	}
}
