/* A hosted program's main, for the x86_64 links through gcc and musl-gcc. */
int scale(int x, int n);
int main(void) { return scale(3, 2) != 6; }
