"""Notices keep their title and body as message ids with parameters, rendered in the reader's language."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0016_region_name_en'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='body_message',
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='notification',
            name='title_message',
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
    ]
