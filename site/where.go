package site

import (
	"cmp"
	"slices"
	"strings"
)

// Where contacts were held: a taxonomy fed by an event's key (from:
// place) whose terms have a country says it, one term an event. Its
// index page counts the contacts by country and by the site's sides.

// A Tally counts the site's contacts by where they were held, as the
// terms of one taxonomy say: in each of the site's sides, in third
// countries, by phone or video, and without a place.
type Tally struct {
	Sides     []SideCount // one for each of the site's sides, in order
	Third     int         // held in a country of neither side
	Online    int         // by phone or video: of a type marked online
	Unplaced  int         // neither online nor at a term of the taxonomy with a country
	Countries []*Country  // those of the sides first, then most contacts first
}

// A SideCount is the contacts held in the countries of one side.
type SideCount struct {
	Name  string // its countries that have places, as the edition names them
	Lang  string // the language of Name, when it is not the edition's
	Count int
}

// A Country is the terms of a taxonomy that lie in one country, and the
// contacts held there.
type Country struct {
	Name  string // as the edition names it
	Lang  string // the language of Name, when it is not the edition's
	Side  int    // 1 or 2 for a country of the site's sides, else 0
	Terms []*Term
	Count int // contacts held in it, in person
}

// Tally counts the site's contacts by where the taxonomy x says they were
// held; it is nil unless x is fed by an event's key and its terms have a
// country.
func (s *Site) Tally(x *Taxonomy) *Tally {
	if x == nil || x.From == "" || !x.Has("country") {
		return nil
	}
	tally := &Tally{Sides: make([]SideCount, len(s.Sides))}
	byName := map[string]*Country{}
	country := func(t *Term) *Country {
		key := strings.ToLower(t.country)
		c := byName[key]
		if c == nil {
			c = &Country{Name: t.Country, Lang: t.CountryUntranslated, Side: s.side(t.country)}
			byName[key] = c
			tally.Countries = append(tally.Countries, c)
		}
		return c
	}
	for _, t := range x.Terms {
		if t.country != "" {
			c := country(t)
			c.Terms = append(c.Terms, t)
		}
	}
	for _, e := range s.Events {
		var where *Country
		for _, t := range e.In(x.Key) {
			if t.country != "" {
				where = byName[strings.ToLower(t.country)]
			}
		}
		switch {
		case e.Type != nil && e.Type.Online:
			tally.Online++
		case where == nil:
			tally.Unplaced++
		default:
			where.Count++
			if where.Side == 0 {
				tally.Third++
			} else {
				tally.Sides[where.Side-1].Count++
			}
		}
	}
	slices.SortStableFunc(tally.Countries, func(a, b *Country) int {
		return cmp.Or(cmp.Compare(sideOrder(a.Side), sideOrder(b.Side)), cmp.Compare(b.Count, a.Count))
	})
	for _, c := range tally.Countries {
		slices.SortStableFunc(c.Terms, func(a, b *Term) int { return cmp.Compare(len(b.Events), len(a.Events)) })
		if c.Side == 0 {
			continue
		}
		sc := &tally.Sides[c.Side-1]
		if sc.Name == "" {
			sc.Name, sc.Lang = c.Name, c.Lang
		} else {
			sc.Name += ", " + c.Name
		}
	}
	for i := range tally.Sides {
		if tally.Sides[i].Name == "" { // no place of its own: as _index.md names it
			tally.Sides[i].Name = s.Sides[i][0]
			if s.Edition != nil && s.Edition != s.Editions[0] {
				tally.Sides[i].Lang = s.Editions[0].Lang
			}
		}
	}
	return tally
}

// side is 1 or 2 for a country of the site's first or second side, else 0.
func (s *Site) side(country string) int {
	for i, side := range s.Sides {
		for _, c := range side {
			if strings.EqualFold(c, country) {
				return i + 1
			}
		}
	}
	return 0
}

// sideOrder puts the sides' countries first, in order, then the others.
func sideOrder(side int) int {
	if side == 0 {
		return 3
	}
	return side
}
