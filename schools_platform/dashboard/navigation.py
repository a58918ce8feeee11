from schools_platform.core.navigation import Link, register_link

register_link(Link("Your dashboard", "/dashboard/", order=10))
