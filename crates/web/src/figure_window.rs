//! The geometry of the figure's scroll box: how the figure's rows map onto the scroll
//! range at a zoom ([`Scroll`]), what a box shows ([`BoxView`]), where it will be after a
//! zoom that keeps a row in place ([`Anchor`], [`BoxView::zoomed`]), and the window drawn
//! around the view ([`window_for`]).
//!
//! A zoom plans its window from the box as last measured, before it renders: measuring
//! the box after the render would make the browser lay the page out in the middle of the
//! frame, and the figure would render a second time for the window measured then.

use wiretrace_diagram::scene::Clip;
use wiretrace_diagram::Layout;

/// The tallest scroll range the page makes (browsers stop laying out past about 16 to 33
/// million pixels); a taller figure maps its rows onto it.
pub const MAX_SCROLL_PX: f32 = 8_000_000.0;

/// How the figure's rows map onto the scroll range at a zoom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scroll {
    /// Screen px per figure row: the size zoom times the time zoom.
    pub scale: f32,
    /// Figure rows per scroll px beyond the zoom (1 unless the figure is taller than
    /// [`MAX_SCROLL_PX`]).
    pub squeeze: f32,
}

impl Scroll {
    /// The mapping of `layout` at size zoom `zoom` and time zoom `tz`.
    pub fn new(layout: &Layout, zoom: f32, tz: f32) -> Scroll {
        let scale = zoom * tz;
        let tall = layout.height * scale;
        Scroll {
            scale,
            squeeze: (tall / MAX_SCROLL_PX).max(1.0),
        }
    }

    /// Scroll px of a figure row.
    pub fn px(&self, y: f32) -> f32 {
        y * self.scale / self.squeeze
    }

    /// Figure row at a scroll px.
    pub fn row(&self, px: f32) -> f32 {
        px * self.squeeze / self.scale
    }
}

/// Where the view should be after a zoom: this figure row at this many px from the top
/// of the box (the heads included: they grow with the size zoom).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Anchor {
    pub row: f32,
    pub offset: f32,
}

impl Anchor {
    /// The scroll position that puts the row back, under heads `heads` px tall, at `s`.
    pub fn top(&self, heads: f32, s: Scroll) -> f32 {
        heads + s.px(self.row) - self.offset
    }
}

/// What the scroll box shows: its scroll position and inner size, in px.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BoxView {
    pub top: f32,
    pub left: f32,
    pub width: f32,
    pub height: f32,
}

impl BoxView {
    /// The box as it is now (this lays the page out if it has changed since).
    pub fn measure(c: &web_sys::Element) -> BoxView {
        BoxView {
            top: c.scroll_top() as f32,
            left: c.scroll_left() as f32,
            width: c.client_width() as f32,
            height: c.client_height() as f32,
        }
    }

    /// The height of the body in view, under heads `heads` px tall (at least 1).
    pub fn body_px(&self, heads: f32) -> f32 {
        (self.height - heads).max(1.0)
    }

    /// The figure rows in view, `(first, last)`, under heads `heads` px tall.
    pub fn rows(&self, heads: f32, s: Scroll) -> (f32, f32) {
        (s.row(self.top), s.row(self.top + self.body_px(heads)))
    }

    /// The figure columns in view at size zoom `zoom`, `(first, last)`.
    pub fn cols(&self, zoom: f32) -> (f32, f32) {
        let w = self.width.max(1.0);
        let z = zoom.max(1e-6);
        (self.left / z, (self.left + w) / z)
    }

    /// The row in the middle of the body in view, kept there by a zoom.
    pub fn middle(&self, heads: f32, s: Scroll) -> Anchor {
        let below = self.body_px(heads) / 2.0;
        Anchor {
            row: s.row(self.top + below),
            offset: heads + below,
        }
    }

    /// The anchor of figure row `row`, where it is in the box (under heads `heads` px).
    pub fn anchor(&self, heads: f32, s: Scroll, row: f32) -> Anchor {
        Anchor {
            row,
            offset: heads + s.px(row) - self.top,
        }
    }

    /// The box after a zoom of `layout` to size zoom `zoom` (mapped by `s`): the anchored
    /// row back where it was, else the scroll position kept, within the scroll range as a
    /// browser clamps it.
    pub fn zoomed(&self, layout: &Layout, zoom: f32, s: Scroll, anchor: Option<Anchor>) -> BoxView {
        let heads = layout.head_height * zoom;
        let max_top = (heads + s.px(layout.height) - self.height).max(0.0);
        let max_left = (layout.width * zoom - self.width).max(0.0);
        let top = anchor.map_or(self.top, |a| a.top(heads, s));
        BoxView {
            top: top.clamp(0.0, max_top).round(),
            left: self.left.clamp(0.0, max_left).round(),
            ..*self
        }
    }
}

/// Where a figure `width` wide drawn at size zoom `zoom` starts in a box `box_w` wide: a
/// narrower figure is centred in it.
pub fn figure_left(width: f32, zoom: f32, box_w: f32) -> f32 {
    ((box_w - width * zoom) / 2.0).max(0.0)
}

/// The column, in px from the figure's left edge at size zoom `from`, that a size zoom to
/// `to` leaves where it is on screen, the box scrolled sideways from `b.left` to
/// `after_left`: the origin of the transform that shows the figure drawn at `from` as it
/// will be drawn at `to`. `None` when the size does not change.
pub fn fixed_column(width: f32, from: f32, to: f32, b: BoxView, after_left: f32) -> Option<f32> {
    let sx = to / from;
    if (sx - 1.0).abs() < 1e-6 {
        return None;
    }
    let moved =
        figure_left(width, to, b.width) - figure_left(width, from, b.width) - after_left + b.left;
    Some(moved / (1.0 - sx))
}

/// The least time zoom: the whole run in `view_px` of body (never more than full size).
pub fn whole_run_tz(layout: &Layout, zoom: f32, view_px: f32) -> f32 {
    (view_px / (layout.height * zoom).max(1.0)).clamp(1e-6, 1.0)
}

/// The window drawn for the rows and columns in view: those, and half a view's height
/// above and below, half a view's width left and right. A zoom redraws the texts of the
/// whole window at the new scale (about 0.1 ms each in Chromium): with a whole view on
/// each side, a click of Zoom in or out took more than a frame.
pub fn window_for(rows: (f32, f32), cols: (f32, f32)) -> Clip {
    let h = (rows.1 - rows.0).max(200.0) / 2.0;
    let w = (cols.1 - cols.0).max(400.0) / 2.0;
    Clip {
        y0: rows.0 - h,
        y1: rows.1 + h,
        x0: cols.0 - w,
        x1: cols.1 + w,
    }
}

/// True when the window `clip` holds the rows and columns in view.
pub fn holds(clip: &Clip, rows: (f32, f32), cols: (f32, f32)) -> bool {
    clip.y0 <= rows.0 && rows.1 <= clip.y1 && clip.x0 <= cols.0 && cols.1 <= clip.x1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(height: f32, width: f32, head_height: f32) -> Layout {
        Layout {
            height,
            width,
            head_height,
            ..Layout::default()
        }
    }

    const BOX: BoxView = BoxView {
        top: 1000.0,
        left: 0.0,
        width: 800.0,
        height: 600.0,
    };

    #[test]
    fn rows_in_view_start_under_the_heads_scale() {
        let l = layout(10_000.0, 600.0, 100.0);
        let s = Scroll::new(&l, 1.0, 1.0);
        assert_eq!(BOX.rows(100.0, s), (1000.0, 1500.0));
        let s = Scroll::new(&l, 2.0, 0.5);
        assert_eq!(BOX.rows(100.0, s), (1000.0, 1500.0), "size times time zoom");
        let s = Scroll::new(&l, 1.0, 0.25);
        assert_eq!(BOX.rows(100.0, s), (4000.0, 6000.0));
    }

    #[test]
    fn a_figure_taller_than_the_scroll_range_is_squeezed_onto_it() {
        let l = layout(4.0 * MAX_SCROLL_PX, 600.0, 100.0);
        let s = Scroll::new(&l, 1.0, 1.0);
        assert_eq!(s.squeeze, 4.0);
        assert_eq!(s.px(l.height), MAX_SCROLL_PX);
        assert_eq!(s.row(s.px(1234.0)), 1234.0);
    }

    #[test]
    fn a_zoom_keeps_the_middle_row_in_the_middle() {
        let l = layout(10_000.0, 600.0, 100.0);
        let before = Scroll::new(&l, 1.0, 1.0);
        let mid = BOX.middle(100.0, before);
        assert_eq!(
            mid,
            Anchor {
                row: 1250.0,
                offset: 350.0
            }
        );
        assert_eq!(BOX.anchor(100.0, before, 1250.0), mid);
        let after = Scroll::new(&l, 1.0, 0.5);
        let b = BOX.zoomed(&l, 1.0, after, Some(mid));
        assert_eq!(b.top, 375.0);
        let rows = b.rows(100.0, after);
        assert_eq!((rows.0 + rows.1) / 2.0, 1250.0);
        // Size zoom: the heads grow with it, the row stays where it was on screen.
        let after = Scroll::new(&l, 1.25, 1.0);
        let b = BOX.zoomed(&l, 1.25, after, Some(mid));
        assert_eq!(
            b.top, 1338.0,
            "125 px of heads and 1250 rows at 1.25 px, less 350 px"
        );
        assert_eq!(
            125.0 + after.px(1250.0) - b.top,
            350.0 - 0.5,
            "(rounded to a px)"
        );
    }

    #[test]
    fn a_zoom_stays_within_the_scroll_range() {
        let l = layout(10_000.0, 600.0, 100.0);
        let far = Anchor {
            row: 9_990.0,
            offset: 10.0,
        };
        let s = Scroll::new(&l, 1.0, 1.0);
        let b = BOX.zoomed(&l, 1.0, s, Some(far));
        assert_eq!(
            b.top,
            100.0 + 10_000.0 - 600.0,
            "the bottom of the figure at the bottom"
        );
        let near = Anchor {
            row: 10.0,
            offset: 300.0,
        };
        assert_eq!(BOX.zoomed(&l, 1.0, s, Some(near)).top, 0.0);
        // Zoomed out past the box: nothing to scroll, sideways neither.
        let s = Scroll::new(&l, 0.5, 0.01);
        let wide = BoxView { left: 300.0, ..BOX };
        let b = wide.zoomed(&l, 0.5, s, None);
        assert_eq!((b.top, b.left), (0.0, 0.0));
        // No anchor: the scroll position is kept where it can be.
        let s = Scroll::new(&l, 2.0, 1.0);
        let b = wide.zoomed(&l, 2.0, s, None);
        assert_eq!((b.top, b.left), (1000.0, 300.0));
    }

    #[test]
    fn the_window_holds_the_view_and_half_a_view_around_it() {
        let w = window_for((1000.0, 1500.0), (0.0, 800.0));
        assert_eq!((w.y0, w.y1, w.x0, w.x1), (750.0, 1750.0, -400.0, 1200.0));
        assert!(holds(&w, (1000.0, 1500.0), (0.0, 800.0)));
        assert!(holds(&w, (750.0, 1750.0), (-400.0, 1200.0)));
        assert!(!holds(&w, (749.0, 1000.0), (0.0, 800.0)));
        assert!(!holds(&w, (1000.0, 1751.0), (0.0, 800.0)));
        assert!(!holds(&w, (1000.0, 1500.0), (0.0, 1201.0)));
        // A short view still gets a window of 400 rows.
        let w = window_for((10.0, 20.0), (0.0, 800.0));
        assert_eq!((w.y0, w.y1), (-90.0, 120.0));
    }

    #[test]
    fn a_size_zoom_scales_the_figure_drawn_around_the_column_it_leaves_in_place() {
        // A 600 px figure in an 800 px box is centred; at 2x (1200 px) it starts at the
        // box's left edge, unscrolled.
        let b = BoxView { left: 0.0, ..BOX };
        let ox = fixed_column(600.0, 1.0, 2.0, b, 0.0).expect("the size changes");
        // Screen x of the figure's px `x` before, and of the same column after.
        let before = |x: f32| figure_left(600.0, 1.0, 800.0) + ox + (x - ox) * 2.0;
        let after = |x: f32| figure_left(600.0, 2.0, 800.0) + x * 2.0;
        for x in [0.0, 123.0, 600.0] {
            assert!((before(x) - after(x)).abs() < 1e-3, "column {x}");
        }
        // Scrolled sideways at 2x, back to 1x: the box shows the whole figure centred.
        let b = BoxView { left: 300.0, ..BOX };
        let ox = fixed_column(600.0, 2.0, 1.0, b, 0.0).expect("the size changes");
        let before = |x: f32| figure_left(600.0, 2.0, 800.0) - 300.0 + ox + (x - ox) * 0.5;
        let after = |x: f32| figure_left(600.0, 1.0, 800.0) + x * 0.5;
        for x in [0.0, 500.0, 1200.0] {
            assert!((before(x) - after(x)).abs() < 1e-3, "column {x}");
        }
        assert_eq!(fixed_column(600.0, 1.0, 1.0, b, 300.0), None);
    }

    #[test]
    fn the_least_time_zoom_fits_the_whole_run() {
        let l = layout(10_000.0, 600.0, 100.0);
        assert_eq!(whole_run_tz(&l, 1.0, 500.0), 0.05);
        assert_eq!(whole_run_tz(&l, 1.0, 50_000.0), 1.0, "never past full size");
    }
}
