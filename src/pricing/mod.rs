//! Pricing: the profit calculator ([`quote`]) and repricing suggestions ([`suggest`]) built
//! from floors, competitors, stock and own-price elasticity, over the fee engine
//! ([`crate::fees`]).

pub mod elasticity;
pub mod policy;
pub mod quote;
pub mod stock;
pub mod suggest;
