print("vaelab")
