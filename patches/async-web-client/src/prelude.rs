pub use crate::http::RequestWithBodyExt as _;
pub use crate::http::RequestWithoutBodyExt as _;
