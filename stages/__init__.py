"""One module per transform: normalize, segment, link, translate, write."""
