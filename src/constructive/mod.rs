//! The constructive strategies: they decide day by day and team by team and never undo a
//! choice. `greedy` inserts the best expected activations per minute; `round-robin` visits
//! every site in turn, as district offices do today. [`state::SiteState`] tracks what the
//! days before left at each site.
//!
//! Plain functions over the [`Problem`](crate::problem::Problem); the
//! [`Strategy`](crate::strategy::Strategy) registry wraps them.

pub mod greedy;
pub mod round_robin;
pub mod state;
