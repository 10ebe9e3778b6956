package npz

import (
	"fmt"
	"strconv"
	"strings"
)

// maxDims is the largest number of axes accepted in a header (NumPy's own
// limit is 64).
const maxDims = 64

// header is the content of the dictionary literal of a .npy file.
type header struct {
	descr   string
	fortran bool
	shape   []int
}

// parseHeader parses the dictionary literal of a .npy header, such as
//
//	{'descr': '<f8', 'fortran_order': False, 'shape': (3, 784), }
//
// It accepts what Python's literal syntax allows for this dictionary: keys
// in any order, single or double quotes, whitespace between tokens and an
// optional trailing comma. It requires exactly the three keys descr,
// fortran_order and shape.
func parseHeader(text string) (header, error) {
	p := &dictParser{s: text}
	h, err := p.dict()
	if err != nil {
		return header{}, fmt.Errorf("bad header %s: %w", quoteHeader(text), err)
	}
	return h, nil
}

// quoteHeader renders the header for an error message, trimmed of its
// padding and cut short if it is long.
func quoteHeader(text string) string {
	text = strings.TrimRight(text, " \n")
	const max = 120
	if len(text) > max {
		text = text[:max] + "..."
	}
	return strconv.Quote(text)
}

// dictParser is a small recursive-descent parser over the header text.
type dictParser struct {
	s string
	i int
}

func (p *dictParser) errorf(format string, args ...any) error {
	return fmt.Errorf("at byte %d: %s", p.i, fmt.Sprintf(format, args...))
}

// skipSpace skips the whitespace Python allows between tokens.
func (p *dictParser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// peek returns the next byte after whitespace, or 0 at the end.
func (p *dictParser) peek() byte {
	p.skipSpace()
	if p.i >= len(p.s) {
		return 0
	}
	return p.s[p.i]
}

// describe names the next token for an error message.
func (p *dictParser) describe() string {
	if p.peek() == 0 {
		return "end of header"
	}
	return strconv.QuoteRune(rune(p.s[p.i]))
}

func (p *dictParser) expect(c byte) error {
	if p.peek() != c {
		return p.errorf("expected %q, found %s", c, p.describe())
	}
	p.i++
	return nil
}

func (p *dictParser) dict() (header, error) {
	var h header
	if err := p.expect('{'); err != nil {
		return h, err
	}
	seen := map[string]bool{}
	for p.peek() != '}' {
		keyPos := p.i
		key, err := p.str()
		if err != nil {
			return h, err
		}
		if seen[key] {
			p.i = keyPos
			return h, p.errorf("key %q appears twice", key)
		}
		seen[key] = true
		if err := p.expect(':'); err != nil {
			return h, err
		}
		switch key {
		case "descr":
			if c := p.peek(); c == '[' || c == '{' {
				return h, fmt.Errorf("%w: descr at byte %d is a list or dict, which describes a structured dtype",
					ErrUnsupportedDtype, p.i)
			}
			h.descr, err = p.str()
		case "fortran_order":
			h.fortran, err = p.boolean()
		case "shape":
			h.shape, err = p.tuple()
		default:
			p.i = keyPos
			return h, p.errorf("unknown key %q", key)
		}
		if err != nil {
			return h, err
		}
		// Entries are separated by commas; one may follow the last entry.
		if p.peek() == ',' {
			p.i++
			continue
		}
		if p.peek() != '}' {
			return h, p.errorf("expected ',' or '}', found %s", p.describe())
		}
	}
	p.i++ // the closing brace
	if p.peek() != 0 {
		return h, p.errorf("unexpected %s after the closing '}'", p.describe())
	}
	for _, k := range []string{"descr", "fortran_order", "shape"} {
		if !seen[k] {
			return h, fmt.Errorf("missing key %q", k)
		}
	}
	return h, nil
}

// str parses a quoted string without escape sequences (none of the values
// this package supports needs one).
func (p *dictParser) str() (string, error) {
	q := p.peek()
	if q != '\'' && q != '"' {
		return "", p.errorf("expected a quoted string, found %s", p.describe())
	}
	start := p.i + 1
	for j := start; j < len(p.s); j++ {
		switch p.s[j] {
		case q:
			p.i = j + 1
			return p.s[start:j], nil
		case '\\':
			p.i = j
			return "", p.errorf("escape sequences in strings are not supported")
		case '\n':
			p.i = j
			return "", p.errorf("unterminated string")
		}
	}
	p.i = len(p.s)
	return "", p.errorf("unterminated string")
}

// boolean parses the Python literal True or False.
func (p *dictParser) boolean() (bool, error) {
	p.skipSpace()
	rest := p.s[p.i:]
	for _, lit := range []struct {
		text string
		val  bool
	}{{"True", true}, {"False", false}} {
		if strings.HasPrefix(rest, lit.text) && !isIdentByte(rest, len(lit.text)) {
			p.i += len(lit.text)
			return lit.val, nil
		}
	}
	return false, p.errorf("expected True or False, found %s", p.describe())
}

// isIdentByte reports whether s[i] exists and could continue an identifier,
// so that "Truest" is not taken for True.
func isIdentByte(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	c := s[i]
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// tuple parses a tuple of non-negative integers: (), (5,), (3, 784) or
// (2, 3, 4,). A single element needs its trailing comma, as in Python,
// where (5) is just the number 5.
func (p *dictParser) tuple() ([]int, error) {
	if err := p.expect('('); err != nil {
		return nil, err
	}
	shape := []int{}
	for p.peek() != ')' {
		if len(shape) == maxDims {
			return nil, p.errorf("more than %d dimensions", maxDims)
		}
		d, err := p.dim()
		if err != nil {
			return nil, err
		}
		shape = append(shape, d)
		if p.peek() == ',' {
			p.i++
			continue
		}
		if p.peek() != ')' {
			return nil, p.errorf("expected ',' or ')' in shape, found %s", p.describe())
		}
		if len(shape) == 1 {
			return nil, p.errorf("shape (%d) is a number, not a tuple: a one-element tuple is written (%d,)", d, d)
		}
	}
	p.i++
	return shape, nil
}

// dim parses one dimension: decimal digits, with the suffix L that Python 2
// wrote for long integers tolerated.
func (p *dictParser) dim() (int, error) {
	if p.peek() == '-' {
		return 0, p.errorf("negative dimension in shape")
	}
	start := p.i
	for p.i < len(p.s) && '0' <= p.s[p.i] && p.s[p.i] <= '9' {
		p.i++
	}
	if p.i == start {
		return 0, p.errorf("expected a dimension, found %s", p.describe())
	}
	digits := p.s[start:p.i]
	if p.i < len(p.s) && p.s[p.i] == 'L' {
		p.i++
	}
	if len(digits) > 1 && digits[0] == '0' {
		p.i = start
		return 0, p.errorf("dimension %s has a leading zero", digits)
	}
	d, err := strconv.Atoi(digits)
	if err != nil || d > maxElements {
		p.i = start
		return 0, p.errorf("dimension %s is too large (limit %d)", digits, maxElements)
	}
	return d, nil
}

// formatShape writes a shape the way Python writes a tuple.
func formatShape(shape []int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, d := range shape {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(d))
	}
	if len(shape) == 1 {
		b.WriteByte(',')
	}
	b.WriteByte(')')
	return b.String()
}

// formatHeader returns the header dictionary for a C-order '<f8' array of
// the given shape, in the same form NumPy writes, without padding.
func formatHeader(shape []int) string {
	return "{'descr': '<f8', 'fortran_order': False, 'shape': " + formatShape(shape) + ", }"
}
