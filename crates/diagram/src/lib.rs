//! Trace -> layout: lifelines, arrows, state bands and timers as positions, with no DOM.
