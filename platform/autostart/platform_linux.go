package autostart

const platform = "linux"
