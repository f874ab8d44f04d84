/* A vendor's library: floats in VFP registers under the hard-float ABI. */
float vendor_scale(float x) { return x * 1.5f; }
unsigned vendor_id(void) { return 42u; }
