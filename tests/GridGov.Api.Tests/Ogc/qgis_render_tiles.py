# Renders one of GridGov's vector tile layers with QGIS (Debian's python3-qgis), as a Vector Tile connection with a
# Basic authentication configuration does, and prints how many sampled pixels are not background, as JSON.
# usage: python3 qgis_render_tiles.py BASE_URL LAYER ZMIN MINLON MINLAT MAXLON MAXLAT [USER PASSWORD]
import os, sys, tempfile, json
os.environ['QT_QPA_PLATFORM'] = 'offscreen'
os.environ['QGIS_AUTH_DB_DIR_PATH'] = tempfile.mkdtemp()
from qgis.core import (QgsApplication, QgsVectorTileLayer, QgsAuthMethodConfig, QgsMapSettings, QgsMapRendererParallelJob,
                       QgsRectangle, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor
QgsApplication.setPrefixPath('/usr', True)
app = QgsApplication([b'x'], False)
app.initQgis()
base, name, zmin = sys.argv[1], sys.argv[2], sys.argv[3]
box = [float(v) for v in sys.argv[4:8]]
uri = f'type=xyz&url={base}/tiles/{name}/%7Bz%7D/%7Bx%7D/%7By%7D.pbf&zmin={zmin}&zmax=16'
if len(sys.argv) > 9:
    manager = QgsApplication.authManager()
    manager.setMasterPassword('gridgov-test', True)
    config = QgsAuthMethodConfig('Basic')
    config.setName('GridGov')
    config.setConfig('username', sys.argv[8])
    config.setConfig('password', sys.argv[9])
    manager.storeAuthenticationConfig(config)
    uri += '&authcfg=' + config.id()
layer = QgsVectorTileLayer(uri, name)
settings = QgsMapSettings()
settings.setLayers([layer])
mercator = QgsCoordinateReferenceSystem('EPSG:3857')
settings.setDestinationCrs(mercator)
to_mercator = QgsCoordinateTransform(QgsCoordinateReferenceSystem('EPSG:4326'), mercator, QgsProject.instance())
settings.setExtent(to_mercator.transformBoundingBox(QgsRectangle(*box)))
settings.setOutputSize(QSize(512, 512))
settings.setBackgroundColor(QColor(255, 255, 255))
job = QgsMapRendererParallelJob(settings)
job.start()
job.waitForFinished()
image = job.renderedImage()
drawn = sum(1 for x in range(0, 512, 4) for y in range(0, 512, 4) if image.pixelColor(x, y).name() != '#ffffff')
print(json.dumps({'valid': layer.isValid(), 'drawn': drawn}))
sys.stdout.flush()
os._exit(0)
