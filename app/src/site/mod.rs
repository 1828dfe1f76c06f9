//! The public pages: the landing page, Terms and Privacy.

pub mod landing;
pub mod legal;
