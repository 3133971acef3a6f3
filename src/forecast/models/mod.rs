//! The forecasting models.

pub mod ets;
pub mod intermittent;
pub mod naive;
pub mod theta;
