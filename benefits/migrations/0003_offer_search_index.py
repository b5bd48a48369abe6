from django.db import migrations

from portal.search import gin_index_operation


class Migration(migrations.Migration):
    dependencies = [("benefits", "0002_industries")]

    operations = [gin_index_operation("benefits_offer")]
