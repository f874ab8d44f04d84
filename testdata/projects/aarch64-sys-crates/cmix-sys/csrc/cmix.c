unsigned int cmix_mix(unsigned int a, unsigned int b) {
    return (a ^ (b * 2654435761u)) + (a >> 7);
}
